import { execFileSync } from 'node:child_process';
import { existsSync, statfsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from '../config/validate.js';
import type { Paths } from '../fs/paths.js';
import { gatherStatus } from '../watch/report.js';
import { MAILED_EVENTS } from '../claude/hook-events.js';
import type { HooksInPlay } from './hooks-in-play.js';
import type { LoginResult } from './check-login.js';

/** One line of `taskping doctor`: what was checked, how it went, and the fix when it did not. */
export interface Finding {
	check: string;
	severity: 'ok' | 'warn' | 'fail' | 'skip';
	detail: string;
	fix?: string;
}

const MIN_NODE = [20, 19] as const;

export function checkNode(version = process.versions.node): Finding {
	const [major = 0, minor = 0] = version.split('.').map(Number);
	const ok = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
	return ok ? { check: 'node', severity: 'ok', detail: `v${version}` } : { check: 'node', severity: 'fail', detail: `v${version} is too old`, fix: `install Node.js ${MIN_NODE.join('.')} or newer` };
}

export function checkTmux(env: NodeJS.ProcessEnv): Finding[] {
	let version: string;
	try {
		version = execFileSync('tmux', ['-V'], { encoding: 'utf8', timeout: 5000, env, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
	} catch {
		return [{ check: 'tmux', severity: 'fail', detail: 'tmux is not installed (or not on PATH)', fix: 'install tmux (apt install tmux / brew install tmux); replies can only be typed into Claude Code running inside tmux' }];
	}
	return [
		{ check: 'tmux', severity: 'ok', detail: version },
		env.TMUX
			? { check: 'inside tmux', severity: 'ok', detail: `pane ${env.TMUX_PANE ?? '?'}` }
			: { check: 'inside tmux', severity: 'warn', detail: 'this shell is not inside tmux', fix: 'start Claude Code inside tmux (tmux new -s work, then claude), or replies to its mails cannot be typed back' },
	];
}

export function checkHooks(found: HooksInPlay): Finding[] {
	const findings: Finding[] = [];
	for (const file of found.files.filter((f) => f.error)) findings.push({ check: 'settings', severity: 'fail', detail: `${file.file} cannot be read: ${file.error}`, fix: 'fix the file by hand' });
	if (found.registrations.length === 0) {
		return [...findings, { check: 'hooks', severity: 'fail', detail: `no TaskPing hooks in ${found.files.map((f) => f.file).join(', ')}`, fix: 'run taskping install (or enable the TaskPing plugin, not both)' }];
	}
	for (const event of MAILED_EVENTS) {
		const here = found.registrations.filter((r) => r.event === event);
		if (here.length === 0) findings.push({ check: `hook ${event}`, severity: 'warn', detail: 'not registered', fix: 'run taskping install again' });
		else if (here.length > 1) {
			findings.push({ check: `hook ${event}`, severity: 'fail', detail: `registered ${here.length} times (${here.map((r) => r.source).join('; ')}): every ${event} would mail twice`, fix: found.pluginEnabled ? 'the plugin registers the hooks already: run taskping uninstall' : 'keep one: taskping uninstall --settings <the extra file>' });
		} else findings.push({ check: `hook ${event}`, severity: 'ok', detail: here[0]!.source });
	}
	for (const registration of found.registrations.filter((r) => r.script && !existsSync(r.script))) {
		findings.push({ check: `hook ${registration.event}`, severity: 'fail', detail: `runs ${registration.script}, which no longer exists`, fix: 'run taskping install again (TaskPing was moved or reinstalled)' });
	}
	// The entry is there but its self-contained core is not: the hook runs and mails nothing.
	const scripts = new Set(found.registrations.map((r) => r.script).filter((script): script is string => Boolean(script && existsSync(script))));
	for (const script of scripts) {
		const missing = ['hook.cjs', 'send.mjs'].map((name) => join(dirname(script), 'bundle', name)).filter((file) => !existsSync(file));
		if (missing.length) findings.push({ check: 'hook bundle', severity: 'fail', detail: `${missing.join(', ')} missing: the hook ${missing.some((f) => f.endsWith('hook.cjs')) ? 'mails nothing' : 'cannot send without a watcher'}`, fix: 'reinstall the plugin (/plugin) or the package; in a checkout, npm run build' });
	}
	return findings;
}

export function checkLogins(config: Pick<Config, 'sharedMailbox'>, smtp: LoginResult, imap: LoginResult, describe: (protocol: 'SMTP' | 'IMAP', r: LoginResult) => string): Finding[] {
	const line = (protocol: 'SMTP' | 'IMAP', result: LoginResult): Finding =>
		result.ok ? { check: protocol, severity: 'ok', detail: describe(protocol, result).replace(/^\S+ /, '') } : { check: protocol, severity: 'fail', detail: `${result.server}: ${result.detail} (${result.problem})`, fix: result.fix };
	const findings = [line('SMTP', smtp), line('IMAP', imap)];
	if (imap.ok) {
		findings.push({ check: 'IMAP IDLE', severity: 'ok', detail: 'supported: replies arrive within a second or two' });
		const claimable = imap.condstore && imap.keywords;
		if (config.sharedMailbox && !claimable) findings.push({ check: 'shared mailbox', severity: 'fail', detail: 'the server lacks CONDSTORE or custom keywords, so two watchers cannot claim a reply atomically', fix: 'give each machine its own service mailbox, or set TASKPING_SHARED_MAILBOX=false' });
		else findings.push({ check: 'claims', severity: claimable ? 'ok' : 'warn', detail: claimable ? 'CONDSTORE and keywords: replies are claimed atomically' : 'no CONDSTORE/keywords: fine for one machine, not for a shared mailbox' });
	} else if (imap.problem === 'idle-unsupported') findings.push({ check: 'IMAP IDLE', severity: 'fail', detail: 'not supported by the server', fix: imap.fix });
	return findings;
}

/** The clock: a sane year, and not behind the mail server (the newest mail must not arrive from the future). */
export function checkClock(now: Date, imap: LoginResult | null): Finding {
	if (now.getUTCFullYear() < 2024) return { check: 'clock', severity: 'fail', detail: `the system clock says ${now.toISOString()}`, fix: 'set the time (timedatectl set-ntp true, or System Settings → Date & Time)' };
	const newest = imap && imap.ok ? imap.newestMailAt : null;
	if (newest && newest.getTime() - now.getTime() > 5 * 60_000) {
		const minutes = Math.round((newest.getTime() - now.getTime()) / 60_000);
		return { check: 'clock', severity: 'fail', detail: `about ${minutes} min behind the mail server (its newest mail arrived ${newest.toISOString()})`, fix: 'turn on network time (timedatectl set-ntp true); token expiry and backoff use this clock' };
	}
	return { check: 'clock', severity: 'ok', detail: newest ? `${now.toISOString()}, consistent with the mail server` : now.toISOString() };
}

/** Free space where the state lives: a full disk stops the watcher recording what it did. */
export function checkDisk(paths: Paths): Finding {
	let dir = paths.stateDir;
	while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
	try {
		const stats = statfsSync(dir);
		const free = Number(stats.bavail) * Number(stats.bsize);
		const mb = Math.floor(free / 1_048_576);
		if (mb < 20) return { check: 'disk', severity: 'fail', detail: `${mb} MB free for ${paths.stateDir}`, fix: 'free some space: the watcher stops acting on replies when it cannot record them' };
		return { check: 'disk', severity: mb < 200 ? 'warn' : 'ok', detail: `${mb} MB free for ${paths.stateDir}` };
	} catch (error) {
		return { check: 'disk', severity: 'warn', detail: `could not read free space: ${(error as Error).message}` };
	}
}

export function checkWatcher(paths: Paths): Finding {
	const report = gatherStatus(paths);
	if (!report.watcher.running) return { check: 'watcher', severity: 'warn', detail: 'not running: replies are not being read', fix: 'taskping service install (runs it in the background), taskping watch --detach, or taskping watch in a terminal; with the plugin, the next Claude Code session starts it (unless TASKPING_AUTOSTART=false)' };
	const imap = report.imap;
	const state = imap ? `IMAP ${imap.state}${imap.lastError ? ` (last error: ${imap.lastError})` : ''}` : 'no status published yet';
	return { check: 'watcher', severity: imap && imap.state !== 'idle' ? 'warn' : 'ok', detail: `pid ${report.watcher.pid}, ${state}` };
}
