// The Claude Code builds the e2e suites run on: the pinned devDependency and
// the newest one on npm, installed at run time into a cache dir outside the
// repo. Each is used by the path of its native binary, so a stub left by a
// skipped postinstall (npm 11 runs no install scripts that are not allowed)
// never gets in the way.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The native binary under a node_modules dir: bin/claude.exe if the postinstall put it there, else the platform package. */
export function claudeBinaryIn(nodeModules) {
	const scope = join(nodeModules, '@anthropic-ai');
	const main = join(scope, 'claude-code', 'bin', 'claude.exe');
	if (existsSync(main) && statSync(main).size > 1_000_000) return main;
	const arch = process.arch;
	for (const name of [`claude-code-${process.platform}-${arch}`, `claude-code-${process.platform}-${arch}-musl`]) {
		const candidate = join(scope, name, 'claude');
		if (existsSync(candidate) && statSync(candidate).size > 1_000_000) return candidate;
	}
	throw new Error(`no usable claude binary under ${scope} (bin/claude.exe is the stub and there is no @anthropic-ai/claude-code-${process.platform}-${arch}); run npm ci again without --omit=optional`);
}

/** "2.1.332" from `claude --version` ("2.1.332 (Claude Code)"), bounded in time; throws with what it printed. */
export function binaryVersion(binary, timeoutMs = 30_000) {
	const run = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: timeoutMs, env: { PATH: process.env.PATH, HOME: process.env.HOME ?? homedir(), DISABLE_AUTOUPDATER: '1' } });
	const match = /(\d+\.\d+\.\d+)/.exec(run.stdout ?? '');
	if (run.status !== 0 || !match) {
		throw new Error(`${binary} --version failed (status ${run.status}, ${run.error?.message ?? run.signal ?? 'no signal'}): ${(run.stdout + run.stderr).trim().slice(0, 300)}`);
	}
	return match[1];
}

/** The pinned build: the devDependency in this repo's node_modules. */
export function pinnedClaude(root) {
	const binary = claudeBinaryIn(join(root, 'node_modules'));
	const declared = JSON.parse(readFileSync(join(root, 'node_modules', '@anthropic-ai', 'claude-code', 'package.json'), 'utf8')).version;
	return { label: 'pinned', binary, version: binaryVersion(binary), declared };
}

/** Where the newest build is installed: outside the repo, reused between runs (npm skips what is current). */
export const latestCacheDir = (env = process.env) =>
	env.TASKPING_CLAUDE_LATEST_DIR ?? join(env.XDG_CACHE_HOME ?? join(env.HOME ?? homedir(), '.cache'), 'taskping-test', 'claude-latest');

/**
 * Installs @anthropic-ai/claude-code@latest into the cache dir and returns it.
 * Throws (never hangs: the install has `timeoutMs`) with npm's own output.
 */
export function latestClaude(env = process.env, timeoutMs = 240_000) {
	const prefix = latestCacheDir(env);
	mkdirSync(prefix, { recursive: true });
	const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
	try {
		execFileSync(npm, ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', '--no-package-lock', '--loglevel=error', '@anthropic-ai/claude-code@latest'], {
			encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL', stdio: ['ignore', 'pipe', 'pipe'],
		});
	} catch (error) {
		const output = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim().split('\n').slice(-8).join('\n');
		throw new Error(`npm install @anthropic-ai/claude-code@latest into ${prefix} failed${error.signal ? ` (killed after ${timeoutMs / 1000} s)` : ''}: ${output || error.message}`);
	}
	const binary = claudeBinaryIn(join(prefix, 'node_modules'));
	return { label: 'latest', binary, version: binaryVersion(binary) };
}
