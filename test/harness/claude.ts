/**
 * Starts the real Claude Code CLI (the pinned devDependency, or the build at
 * $TASKPING_CLAUDE_BIN: scripts/test.js runs the e2e suites once per build of
 * its version matrix) in a pane of a
 * private tmux server, offline, pointed at a MessagesApi stand-in, following
 * the recipe in /work/shared/claude-code-facts.md §1: an isolated
 * CLAUDE_CONFIG_DIR seeded with onboarding done, the project trusted and the
 * fake API key approved; an explicit, minimal environment (the user's own
 * ~/.claude is never read); everything under a fresh temp dir.
 */
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MessagesApi } from './messages-api.js';
import type { TmuxServer } from './tmux.js';

let knownVersion: string | null = null;
/** The version of the binary the harness runs ("2.1.332"), asked once with `--version`. */
export function claudeVersion(): string {
	if (knownVersion) return knownVersion;
	const binary = claudeBinary();
	const run = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmpdir(), DISABLE_AUTOUPDATER: '1' } });
	const match = /(\d+\.\d+\.\d+)/.exec(run.stdout ?? '');
	if (!match) throw new Error(`${binary} --version gave no version (status ${run.status}): ${`${run.stdout}${run.stderr}`.trim().slice(0, 300)}`);
	knownVersion = match[1]!;
	// Once per suite process, so every run's output says which Claude Code it drove.
	process.stderr.write(`[harness] Claude Code ${knownVersion} (${binary})\n`);
	return knownVersion;
}

export interface ClaudeStatus {
	status: string;
	waitingFor?: string;
	sessionId: string;
	pid: number;
}

export interface ClaudeSession {
	pane: string;
	tmux: TmuxServer;
	/** Real path (pwd -P) of the project dir claude runs in. */
	projectDir: string;
	/** The isolated CLAUDE_CONFIG_DIR. */
	configDir: string;
	/** The run dir holding projectDir, configDir, home/ and launch.sh. */
	runDir: string;
	/** pid of the claude process. */
	pid: number;
	/** ms from `tmux new-session` until the prompt was usable. */
	startupMs: number;
	/**
	 * Types a prompt as a human would: load-buffer + bracketed paste-buffer -p, then a separate Enter
	 * 150 ms later. If claude was idle, waits up to 2 s for the Enter to be taken (status file rewritten
	 * or a request at the API) and presses Enter once more if not. A leading `!` or `/` is NOT escaped.
	 */
	type(text: string): Promise<void>;
	status(): Promise<ClaudeStatus | null>;
	waitForStatus(status: 'idle' | 'busy' | 'waiting', timeoutMs?: number): Promise<void>;
	screen(): Promise<string>;
	stop(): Promise<void>;
}

export interface StartClaudeOptions {
	tmux: TmuxServer;
	api: MessagesApi;
	/** Written to CONFIG/settings.json before start (hooks go here). */
	settings?: object;
	/** Extra environment for the pane. A PATH given here replaces the default one. */
	env?: Record<string, string>;
	/** messageIdleNotifThresholdMs in .claude.json (Claude Code's default: 60000). */
	idleNotifyMs?: number;
	/** Parent temp dir; created if absent. Default: a fresh dir under os.tmpdir(). */
	baseDir?: string;
	/** Bound on the start-up wait. Default 30000. */
	startTimeoutMs?: number;
	/** Runs after CONFIG is written, before claude starts, with the pane's environment (e.g. `claude plugin install`). */
	prepare?: (run: { configDir: string; env: Record<string, string>; binary: string }) => void | Promise<void>;
	/**
	 * permissions.defaultMode written into settings.json (unless `settings` sets permissions itself).
	 * Default "default" (manual: dialogs ask), so permission tests mean the same on every version;
	 * pass null to leave it unset and get the version's own default (auto from 2.1.283).
	 */
	permissionMode?: string | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Path of the native claude binary of the pinned devDependency. */
export function claudeBinary(): string {
	const override = process.env.TASKPING_CLAUDE_BIN;
	if (override) return override;
	let dir = dirname(fileURLToPath(import.meta.url));
	for (;;) {
		const scope = join(dir, 'node_modules', '@anthropic-ai');
		if (existsSync(join(scope, 'claude-code'))) {
			const main = join(scope, 'claude-code', 'bin', 'claude.exe');
			// The postinstall replaces the stub bin/claude.exe with the real binary; if it did not run, use the platform package.
			if (existsSync(main) && statSync(main).size > 1_000_000) return main;
			const arch = process.arch === 'x64' ? 'x64' : process.arch === 'arm64' ? 'arm64' : process.arch;
			for (const name of [`claude-code-${process.platform}-${arch}`, `claude-code-${process.platform}-${arch}-musl`]) {
				const candidate = join(scope, name, 'claude');
				if (existsSync(candidate) && statSync(candidate).size > 1_000_000) return candidate;
			}
			throw new Error(`no usable claude binary under ${scope} (bin/claude.exe is a stub and no platform package for ${process.platform}-${arch})`);
		}
		const parent = dirname(dir);
		if (parent === dir) throw new Error('node_modules/@anthropic-ai/claude-code not found above the harness');
		dir = parent;
	}
}

const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

const isAlive = (pid: number) => {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
};

/** pids of live processes whose environment has CLAUDE_CONFIG_DIR under `dir` (claude and its hooks). Linux only. */
export function processesUnder(dir: string): number[] {
	const found: number[] = [];
	let entries: string[];
	try {
		entries = readdirSync('/proc');
	} catch {
		return found;
	}
	for (const entry of entries) {
		if (!/^\d+$/.test(entry)) continue;
		const pid = Number(entry);
		if (pid === process.pid) continue;
		try {
			const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
			if (environ.some((kv) => kv.startsWith('CLAUDE_CONFIG_DIR=') && kv.slice(18).startsWith(dir))) found.push(pid);
		} catch {
			// gone, or not ours
		}
	}
	return found;
}

/** run dir -> the dir to delete when it ends (the run dir, or the base dir if we created it). */
const liveRuns = new Map<string, string>();
let exitHookInstalled = false;
function installExitHook(): void {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.on('exit', () => {
		for (const [runDir, removable] of liveRuns) {
			for (const pid of processesUnder(runDir)) {
				try {
					process.kill(pid, 'SIGKILL');
				} catch {
					// gone
				}
			}
			if (!process.env.TASKPING_E2E_KEEP) rmSync(removable, { recursive: true, force: true });
		}
	});
}

let sessionCounter = 0;

export async function startClaude(opts: StartClaudeOptions): Promise<ClaudeSession> {
	installExitHook();
	const { tmux, api } = opts;
	const binary = claudeBinary();
	const version = claudeVersion();
	const baseDir = opts.baseDir ?? mkdtempSync(join(tmpdir(), 'taskping-e2e-'));
	const ownsBase = opts.baseDir === undefined;
	mkdirSync(baseDir, { recursive: true });
	const runDir = realpathSync(mkdtempSync(join(baseDir, 'claude-')));
	const projectDir = join(runDir, 'proj');
	const configDir = join(runDir, 'cfg');
	const homeDir = join(runDir, 'home');
	for (const dir of [projectDir, configDir, homeDir]) mkdirSync(dir, { recursive: true });
	liveRuns.set(runDir, ownsBase ? baseDir : runDir);

	// A made-up key; approved by its last 20 characters so no "Detected a custom API key" dialog appears.
	const apiKey = `sk-ant-api03-taskping-fake-${randomBytes(16).toString('hex')}`;
	const claudeJson = {
		hasCompletedOnboarding: true,
		lastOnboardingVersion: version,
		lastReleaseNotesSeen: version,
		// 2.1.283+: the "auto mode is now the default" banner, and the blocking "make auto mode your default?"
		// dialog shown when settings choose another mode. Older versions ignore both.
		hasSeenAutoDefaultNotice: true,
		hasSeenAutoDefaultNudge: true,
		theme: 'dark',
		numStartups: 1,
		autoUpdates: false,
		customApiKeyResponses: { approved: [apiKey.slice(-20)], rejected: [] },
		projects: { [projectDir]: { hasTrustDialogAccepted: true, hasCompletedProjectOnboarding: true, allowedTools: [] } },
		...(opts.idleNotifyMs === undefined ? {} : { messageIdleNotifThresholdMs: opts.idleNotifyMs }),
	};
	writeFileSync(join(configDir, '.claude.json'), `${JSON.stringify(claudeJson, null, 2)}\n`);
	const settings: Record<string, unknown> = { ...(opts.settings ?? {}) };
	const mode = opts.permissionMode === undefined ? 'default' : opts.permissionMode;
	if (mode !== null && settings.permissions === undefined) settings.permissions = { defaultMode: mode };
	writeFileSync(join(configDir, 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);

	const env: Record<string, string> = {
		PATH: `${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`,
		HOME: homeDir,
		LANG: 'C.UTF-8',
		LC_ALL: 'C.UTF-8',
		TMPDIR: tmpdir(),
		CLAUDE_CONFIG_DIR: configDir,
		ANTHROPIC_BASE_URL: api.url,
		ANTHROPIC_API_KEY: apiKey,
		CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
		DISABLE_AUTOUPDATER: '1',
		DISABLE_TELEMETRY: '1',
		DISABLE_ERROR_REPORTING: '1',
		CLAUDE_CODE_DISABLE_TERMINAL_TITLE: '1',
		...opts.env,
	};
	await opts.prepare?.({ configDir, env, binary });
	// `env -i` drops everything the tmux server had; TERM, TMUX and TMUX_PANE come from the pane itself.
	const assignments = Object.entries(env).map(([key, value]) => {
		if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Error(`bad env name ${JSON.stringify(key)}`);
		return `  ${key}=${shellQuote(value)} \\`;
	});
	const launch = [
		'#!/bin/sh',
		`cd ${shellQuote(projectDir)} || exit 1`,
		'env -i TERM="$TERM" TMUX="$TMUX" TMUX_PANE="$TMUX_PANE" \\',
		...assignments,
		`  ${shellQuote(binary)}`,
		'echo "[claude exited with status $?]"',
		'exec sleep 86400',
		'',
	].join('\n');
	const launchPath = join(runDir, 'launch.sh');
	writeFileSync(launchPath, launch, { mode: 0o755 });

	const sessionName = `cc-${++sessionCounter}-${randomBytes(3).toString('hex')}`;
	const t0 = Date.now();
	const pane = (
		await tmux.tmux([
			'new-session', '-d', '-s', sessionName, '-x', '160', '-y', '50', '-c', projectDir,
			'-P', '-F', '#{pane_id}', `/bin/sh ${shellQuote(launchPath)}`,
		])
	).trim();

	const sessionsDir = join(configDir, 'sessions');
	const readStatus = async (): Promise<ClaudeStatus | null> => {
		let names: string[];
		try {
			names = readdirSync(sessionsDir).filter((name) => /^\d+\.json$/.test(name));
		} catch {
			return null;
		}
		let best: (ClaudeStatus & { updatedAt: number }) | null = null;
		for (const name of names) {
			try {
				const data = JSON.parse(readFileSync(join(sessionsDir, name), 'utf8'));
				const pid = Number(data.pid ?? name.replace(/\.json$/, ''));
				if (!isAlive(pid)) continue;
				const entry = {
					status: String(data.status),
					...(data.waitingFor ? { waitingFor: String(data.waitingFor) } : {}),
					sessionId: String(data.sessionId),
					pid,
					updatedAt: Number(data.statusUpdatedAt ?? data.updatedAt ?? 0),
				};
				if (!best || entry.updatedAt >= best.updatedAt) best = entry;
			} catch {
				// being rewritten; next poll
			}
		}
		if (!best) return null;
		const { updatedAt: _ignored, ...status } = best;
		return status;
	};
	const rawStatusStamp = (): string => {
		try {
			return readdirSync(sessionsDir)
				.map((name) => readFileSync(join(sessionsDir, name), 'utf8'))
				.join('|');
		} catch {
			return '';
		}
	};

	const screen = () => tmux.capture(pane);
	let stopped = false;
	let pid = 0;

	const stop = async (): Promise<void> => {
		if (stopped) return;
		stopped = true;
		const pids = new Set(processesUnder(runDir));
		if (pid) pids.add(pid);
		try {
			await tmux.tmux(['kill-session', '-t', sessionName]);
		} catch {
			// server or session already gone
		}
		const deadline = Date.now() + 5000;
		while ([...pids].some(isAlive) && Date.now() < deadline) await sleep(50);
		for (const p of [...pids, ...processesUnder(runDir)]) {
			try {
				process.kill(p, 'SIGKILL');
			} catch {
				// gone
			}
		}
		liveRuns.delete(runDir);
		if (!process.env.TASKPING_E2E_KEEP) rmSync(ownsBase ? baseDir : runDir, { recursive: true, force: true });
	};

	const waitForStatus = async (want: 'idle' | 'busy' | 'waiting', timeoutMs = 15_000): Promise<void> => {
		const deadline = Date.now() + timeoutMs;
		let last: ClaudeStatus | null = null;
		for (;;) {
			last = await readStatus();
			if (last?.status === want) return;
			if (Date.now() >= deadline) break;
			await sleep(50);
		}
		let shown = '';
		try {
			shown = await screen();
		} catch (error) {
			shown = `(capture failed: ${(error as Error).message})`;
		}
		throw new Error(`claude status did not become ${want} within ${timeoutMs} ms (last: ${JSON.stringify(last)}); screen:\n${shown}`);
	};

	const type = async (text: string): Promise<void> => {
		const before = await readStatus();
		const stamp = rawStatusStamp();
		const requestCount = api.requests.length;
		const buffer = `tp-${randomBytes(4).toString('hex')}`;
		await tmux.tmux(['load-buffer', '-b', buffer, '-'], text);
		await tmux.tmux(['paste-buffer', '-p', '-d', '-b', buffer, '-t', pane]);
		await sleep(150);
		await tmux.tmux(['send-keys', '-t', pane, 'Enter']);
		if (before?.status !== 'idle') return; // queued while busy: nothing reliable to confirm it by
		// Confirm the Enter was taken (status file rewritten, or a request reached the API); retry it once if not.
		const deadline = Date.now() + 2000;
		while (Date.now() < deadline) {
			if (api.requests.length > requestCount || rawStatusStamp() !== stamp) return;
			await sleep(50);
		}
		await tmux.tmux(['send-keys', '-t', pane, 'Enter']);
	};

	try {
		const timeoutMs = opts.startTimeoutMs ?? 30_000;
		const deadline = Date.now() + timeoutMs;
		let shown = '';
		let status: ClaudeStatus | null = null;
		for (;;) {
			shown = await screen().catch((error: Error) => `(capture failed: ${error.message})`);
			status = await readStatus();
			// Footer: '? for shortcuts' (2.1.197, and manual mode on 2.1.332), '⏵⏵ auto mode on (shift+tab to cycle)' (auto).
			if (shown.includes('❯') && (shown.includes('for shortcuts') || shown.includes('shift+tab to cycle')) && status?.status === 'idle') break;
			if (shown.includes('[claude exited with status')) throw new Error(`claude exited during start-up; screen:\n${shown}`);
			if (Date.now() >= deadline) {
				throw new Error(`claude was not ready within ${timeoutMs} ms (status: ${JSON.stringify(status)}); screen:\n${shown}`);
			}
			await sleep(50);
		}
		pid = status.pid;
	} catch (error) {
		await stop();
		throw error;
	}
	const startupMs = Date.now() - t0;

	return {
		pane, tmux, projectDir, configDir, runDir, pid, startupMs,
		type, status: readStatus, waitForStatus, screen, stop,
	};
}
