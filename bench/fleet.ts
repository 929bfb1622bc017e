/**
 * Many panes, cheaply: a private tmux server whose windows each run
 * bench/fake-claude.js (Claude Code's status-file and paste behaviour, see
 * that file), one shared CLAUDE_CONFIG_DIR like a user's ~/.claude, and for
 * each pane a TaskPing session record made by running the installed hook
 * with that pane's TMUX/TMUX_PANE — exactly how Claude Code would have
 * created it. The watcher is the real `taskping watch` child process.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MailServer } from '../test/harness/mail-server.js';
import { startTmux, type TmuxServer } from '../test/harness/tmux.js';
import { listSessions } from '../src/session/store.js';
import { Appender, configureHome, spawnWatcher, type RunningWatcher, hookEnv, installedHookCommand, outboxEmpty, replyRaw, runShell, stopPayload, until, writeTranscript, type Home } from './world.js';
import type { MailAccount } from '../test/harness/mail-server.js';

const FAKE = fileURLToPath(new URL('./fake-claude.js', import.meta.url));
const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

export interface FakePane {
	index: number;
	pane: string;
	sessionId: string;
	token: string;
	log: string;
}

export interface Typed { t: number; text: string }

export interface Fleet {
	home: Home;
	tmux: TmuxServer;
	panes: FakePane[];
	configDir: string;
	appender: Appender;
	watcher: RunningWatcher | null;
	startWatcher(): Promise<RunningWatcher>;
	stopWatcher(): Promise<void>;
	/** Everything pane i's fake Claude received as submitted prompts, in order. */
	typed(index: number): Typed[];
	/** A reply to pane i's token, with a unique Message-ID. */
	reply(index: number, text: string): string;
	stop(): Promise<void>;
}

let replyCounter = 0;

/**
 * A history of `count` handled mails, in the watcher's processed.json format
 * (Message-ID → outcome, newest within the 30 days kept): what a watcher that
 * has run for a while carries. Written before the watcher starts.
 */
function seedHistory(home: Home, count: number): void {
	const now = Date.now();
	const entries: Record<string, unknown> = {};
	for (let i = 0; i < count; i++) entries[`<history-${i}-${now}@users.test>`] = { at: new Date(now - (i + 1) * 60_000).toISOString(), uid: null, state: 'done', accepted: i % 3 === 0, reasons: i % 3 === 0 ? [] : ['sender-not-allowed'] };
	mkdirSync(join(home.dir, 'state'), { recursive: true });
	writeFileSync(join(home.dir, 'state', 'processed.json'), JSON.stringify(entries));
}

export async function startFleet(opts: { mail: MailServer; service: MailAccount; panes: number; busyMs?: number; watch?: boolean; history?: number }): Promise<Fleet> {
	const home = configureHome(opts.mail, opts.service);
	const run = realpathSync(mkdtempSync(join(tmpdir(), 'taskping-bench-fleet-')));
	const configDir = join(run, 'claude-config');
	const projectDir = join(run, 'proj');
	mkdirSync(join(configDir, 'sessions'), { recursive: true });
	mkdirSync(projectDir, { recursive: true });
	const panes: FakePane[] = [];
	let tmux: TmuxServer | null = null;
	let appender: Appender | null = null;
	let watcher: RunningWatcher | null = null;

	const stop = async () => {
		if (watcher) await watcher.stop();
		watcher = null;
		await appender?.close();
		await tmux?.kill();
		await until('fleet outbox drained', () => outboxEmpty(home), 10_000).catch(() => undefined);
		home.remove();
		rmSync(run, { recursive: true, force: true });
	};

	let command = '';
	let serverPid = 0;
	try {
		tmux = await startTmux();
		serverPid = Number((await tmux.tmux(['display-message', '-p', '#{pid}'])).trim()) || 0;
		command = installedHookCommand(home).command;
		for (let index = 0; index < opts.panes; index++) {
			const sessionId = randomUUID();
			const log = join(run, `pane-${index}.jsonl`);
			writeFileSync(log, '');
			const cmd = [process.execPath, FAKE, configDir, sessionId, log, String(opts.busyMs ?? 30)].map(shellQuote).join(' ');
			const args = index === 0
				? ['new-session', '-d', '-s', 'bench', '-x', '120', '-y', '30', '-c', projectDir, '-P', '-F', '#{pane_id}', cmd]
				: ['new-window', '-d', '-t', 'bench', '-c', projectDir, '-P', '-F', '#{pane_id}', cmd];
			const pane = (await tmux!.tmux(args)).trim();
			panes.push({ index, pane, sessionId, token: '', log });
		}
		// Every fake Claude has written its status file.
		await until('fake Claude status files', () => readdirSync(join(configDir, 'sessions')).filter((n) => n.endsWith('.json')).length >= opts.panes, 20_000, 50);
		// Session records, made by the installed hook as Claude Code would run it at the end of a turn.
		for (const pane of panes) {
			const transcript = join(configDir, 'projects', '-bench-proj', `${pane.sessionId}.jsonl`);
			writeTranscript(transcript, pane.sessionId, projectDir, `start task ${pane.index}`);
			const env = hookEnv({ home, socket: tmux!.socketPath, serverPid, pane: pane.pane, configDir, projectDir, sessionId: pane.sessionId });
			await runShell(command, stopPayload({ sessionId: pane.sessionId, transcriptPath: transcript, cwd: projectDir, message: 'All tests pass. Deploy?' }), env, projectDir);
		}
		const records = listSessions(join(home.dir, 'state', 'sessions'));
		for (const pane of panes) {
			const record = records.find((r) => r.claudeSessionId === pane.sessionId);
			if (!record) throw new Error(`bench: the hook made no session record for pane ${pane.pane}`);
			pane.token = record.token;
		}
		// Let the hooks' detached senders finish their notifications before anything is timed.
		await until('notifications sent', () => outboxEmpty(home), 60_000, 100);
		appender = await Appender.open(opts.mail, opts.service);
		if (opts.history) seedHistory(home, opts.history);
	} catch (error) {
		await stop();
		throw error;
	}

	const fleet: Fleet = {
		home, tmux: tmux!, panes, configDir, appender: appender!,
		get watcher() { return watcher; },
		async startWatcher() {
			watcher = await spawnWatcher(home.env);
			return watcher;
		},
		async stopWatcher() {
			if (watcher) await watcher.stop();
			watcher = null;
		},
		typed(index) {
			const pane = panes[index]!;
			let text = '';
			try {
				text = readFileSync(pane.log, 'utf8');
			} catch {
				return [];
			}
			return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Typed);
		},
		reply(index, text) {
			const pane = panes[index]!;
			return replyRaw({ token: pane.token, text, messageId: `<bench-${process.pid}-${++replyCounter}-${Date.now()}@users.test>`, authservId: opts.mail.authservId, to: opts.service.address });
		},
		stop,
	};
	if (opts.watch !== false) {
		try {
			await fleet.startWatcher();
		} catch (error) {
			await stop();
			throw error;
		}
	}
	return fleet;
}
