import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where TaskPing's own files are, whichever way it runs: the tsc build
 * (dist/src/…, a checkout or the npm package) or the committed bundle
 * (hooks/bundle/taskping.mjs, what a Claude Code plugin runs with no install).
 * The bundle is built with TASKPING_BUNDLED defined (scripts/bundle.js).
 */
declare const TASKPING_BUNDLED: boolean | undefined;
declare const TASKPING_VERSION: string | undefined;
const bundled = typeof TASKPING_BUNDLED !== 'undefined' && TASKPING_BUNDLED;
const here = fileURLToPath(import.meta.url);

/**
 * The folder holding taskping-hook.js and bundle/: hooks/ in a checkout or the npm package,
 * the plugin's own root in Claude Code's plugin cache (the marketplace installs hooks/ alone).
 */
export function hooksDir(from = here): string {
	for (let dir = dirname(from); ; dir = dirname(dir)) {
		if (existsSync(join(dir, 'taskping-hook.js'))) return dir;
		if (existsSync(join(dir, 'hooks', 'taskping-hook.js'))) return join(dir, 'hooks');
		if (dirname(dir) === dir) return join(dirname(from), '..', '..', '..', 'hooks');
	}
}

/** The package root (a checkout, the npm package). */
export const packageRoot = (): string => dirname(hooksDir());

/** The hook entry Claude Code runs. */
export const hookScript = (): string => join(hooksDir(), 'taskping-hook.js');

/** The CLI file that runs now (a service unit or a started watcher runs the same build). */
export const cliEntry = (): string => (bundled ? here : join(packageRoot(), 'dist', 'src', 'cli.js'));


/** The detached outbox sender next to the CLI that runs. */
export const senderEntry = (): string => (bundled ? join(dirname(here), 'send.mjs') : join(dirname(here), '..', 'outbox', 'send-main.js'));

/** TaskPing's version: stamped into the bundle, else the package's package.json. */
export function packageVersion(): string {
	if (typeof TASKPING_VERSION !== 'undefined') return TASKPING_VERSION;
	try {
		return String((JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: unknown }).version ?? 'unknown');
	} catch {
		return 'unknown';
	}
}
