import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { findField } from '../config/fields.js';
import { resolveSetting } from '../config/validate.js';
import type { Paths } from '../fs/paths.js';
import { readWatcher } from '../state/liveness.js';
import { WATCHER_NODE_FLAGS } from '../config/node-flags.js';
import { missingSetting } from './health.js';

/** Two sessions starting together (or a watcher that dies at once) start at most one watcher a minute. */
const START_INTERVAL_MS = 60_000;

export type WatcherStart = 'started' | 'running' | 'off' | 'not-configured' | 'no-entry' | 'recently-tried';

/** Takes the start slot: false when another SessionStart started a watcher less than a minute ago. */
function claimStart(paths: Paths, now: number): boolean {
	const marker = join(paths.stateDir, 'watcher-autostart');
	mkdirSync(paths.stateDir, { recursive: true, mode: 0o700 });
	try {
		closeSync(openSync(marker, 'wx', 0o600));
		return true;
	} catch {
		try {
			if (now - statSync(marker).mtimeMs < START_INTERVAL_MS) return false;
			utimesSync(marker, new Date(now), new Date(now));
			return true;
		} catch {
			return false;
		}
	}
}

/**
 * The plugin's SessionStart: when TaskPing is set up and no watcher holds the
 * state lock, start `taskping watch` detached (its own session, so it outlives
 * Claude Code), output appended to state/watcher-autostart.log. The watcher's
 * own locks (state folder, mailbox) keep it to one per mailbox even if two
 * sessions race. TASKPING_AUTOSTART=false turns this off.
 */
export function startWatcherIfNeeded(paths: Paths, stored: Record<string, unknown>, env: NodeJS.ProcessEnv, watcherEntry: string | undefined, now = Date.now()): WatcherStart {
	const autostart = findField('autoStartWatcher');
	if (autostart && resolveSetting(autostart, stored, env) === false) return 'off';
	if (missingSetting(stored, env)) return 'not-configured';
	if (readWatcher(paths, now)) return 'running';
	if (!watcherEntry || !existsSync(watcherEntry)) return 'no-entry';
	if (!claimStart(paths, now)) return 'recently-tried';
	spawnWatcher(paths, env, watcherEntry);
	return 'started';
}

/** Where a detached watcher's own output goes (its structured log stays taskping.log). */
export const detachedLogFile = (paths: Paths): string => join(paths.stateDir, 'watcher-autostart.log');

/** `taskping watch` in its own session (it outlives the hook or shell that started it), output appended to detachedLogFile. */
export function spawnWatcher(paths: Paths, env: NodeJS.ProcessEnv, watcherEntry: string): number | undefined {
	mkdirSync(paths.stateDir, { recursive: true, mode: 0o700 });
	const log = openSync(detachedLogFile(paths), 'a', 0o600);
	try {
		const child = spawn(process.execPath, [...WATCHER_NODE_FLAGS, watcherEntry, 'watch'], { detached: true, stdio: ['ignore', log, log], env });
		child.unref();
		return child.pid;
	} finally {
		closeSync(log);
	}
}
