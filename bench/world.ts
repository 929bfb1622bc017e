/**
 * Shared pieces of the benchmarks: one real mail server (Dovecot + Postfix on
 * loopback, from the test harness) with a service account per measurement and
 * the user's mailbox; TaskPing homes configured through TaskPing's own CLI;
 * the hook command exactly as `taskping install` writes it; IMAP clients that
 * append replies and watch a mailbox; process memory and load average.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { imapClient, startMailServer, type MailAccount, type MailServer } from '../test/harness/mail-server.js';
import { CLI, gmailReply, mailSettings, taskping } from '../test/harness/taskping.js';
import { formatMessageId, mailHost } from '../src/session/token.js';
import { WATCHER_NODE_FLAGS } from '../src/service/units.js';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const alice: MailAccount = { address: 'alice@users.test', password: 'alice-bench-1' };

/** One service mailbox per measurement group, so their INBOXes never mix. */
export const SERVICES = {
	hook: { address: 'svc-hook@taskping.test', password: 'svc-hook-1' },
	reply: { address: 'svc-reply@taskping.test', password: 'svc-reply-1' },
	history: { address: 'svc-history@taskping.test', password: 'svc-history-1' },
	claude: { address: 'svc-claude@taskping.test', password: 'svc-claude-1' },
	fleet: { address: 'svc-fleet@taskping.test', password: 'svc-fleet-1' },
	catchup: { address: 'svc-catchup@taskping.test', password: 'svc-catchup-1' },
	hostile: { address: 'svc-hostile@taskping.test', password: 'svc-hostile-1' },
	flood: { address: 'svc-flood@taskping.test', password: 'svc-flood-1' },
} satisfies Record<string, MailAccount>;

export function startBenchMail(): Promise<MailServer> {
	return startMailServer({ accounts: [alice, ...Object.values(SERVICES)] });
}

/** Waits until probe() returns a truthy value; throws after timeoutMs. Polls every intervalMs. */
export async function until<T>(what: string, probe: () => T | null | undefined | false | Promise<T | null | undefined | false>, timeoutMs: number, intervalMs = 20): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`bench: timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(intervalMs);
	}
}

// ---------------------------------------------------------------------------
// TaskPing homes

export interface Home {
	dir: string;
	/** Environment for the taskping CLI and the watcher. */
	env: NodeJS.ProcessEnv;
	service: MailAccount;
	remove(): void;
}

/** A fresh TASKPING_HOME configured with `taskping config set` against the bench mail server (product defaults otherwise). */
export function configureHome(mail: MailServer, service: MailAccount, extra: Array<[string, string]> = []): Home {
	const dir = mkdtempSync(join(tmpdir(), 'taskping-bench-home-'));
	const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: dir, TASKPING_HOME: dir, LANG: 'C.UTF-8' };
	const settings: Array<[string, string]> = [...mailSettings(mail, service, alice), ...extra];
	try {
		configure(env, settings, mail.authservId);
	} catch (error) {
		rmSync(dir, { recursive: true, force: true });
		throw error;
	}
	return { dir, env, service, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

function configure(env: NodeJS.ProcessEnv, settings: Array<[string, string]>, authservId: string): void {
	for (const [key, value] of settings) taskping(['config', 'set', key, value], env);
	// Settings newer versions have (set when the version knows them):
	// - trust the bench server's Authentication-Results (every reply carries its line);
	// - lift the per-sender and per-session rate limits: the benchmarks send hundreds of replies a
	//   minute on purpose (a person does not), and a refused reply would measure the guard, not the path.
	const optional: Array<[string, string]> = [['TASKPING_AUTHSERV_ID', authservId], ['TASKPING_RATE_PER_SENDER', '1000000'], ['TASKPING_RATE_PER_SESSION', '1000000']];
	for (const [key, value] of optional) {
		try {
			taskping(['config', 'set', key, value], env);
		} catch (error) {
			if (!/Unknown setting/i.test(String((error as { stderr?: string }).stderr ?? (error as Error).message))) throw error;
		}
	}
}

/** The Stop (or Notification) hook command exactly as `taskping install` writes it into Claude Code's settings. */
export function installedHookCommand(home: Home, event: 'Stop' | 'Notification' = 'Stop'): { command: string; settings: object } {
	const file = join(home.dir, 'claude-settings.json');
	taskping(['install', '--settings', file], home.env);
	const settings = JSON.parse(readFileSync(file, 'utf8'));
	const hook = settings?.hooks?.[event]?.[0]?.hooks?.[0];
	if (typeof hook?.command !== 'string') throw new Error(`bench: no ${event} hook in ${file}`);
	// Exec form (command + args): Claude Code spawns it without a shell; the bench's sh -c gets the same argv, quoted.
	const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;
	const command = [hook.command, ...(Array.isArray(hook.args) ? hook.args : [])].map(quote).join(' ');
	return { command, settings };
}

export const outboxEmpty = (home: Home): boolean => {
	const outbox = join(home.dir, 'state', 'outbox');
	try {
		return readdirSync(outbox).every((name) => !name.endsWith('.json')) && !existsSync(`${outbox}.lock`);
	} catch {
		return true;
	}
};

/** Lines of the TaskPing log (state/taskping.log) as objects. */
export function readLog(home: Home): Array<Record<string, any>> {
	try {
		return readFileSync(join(home.dir, 'state', 'taskping.log'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
	} catch {
		return [];
	}
}

/** What the watcher decided for each mail (state/outcomes.jsonl), oldest first. */
export function readOutcomes(home: Home): Array<{ accepted: boolean; reasons: string[] }> {
	try {
		return readFileSync(join(home.dir, 'state', 'outcomes.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
	} catch {
		return [];
	}
}

/** Mails handled: a queued reply's later "typed" line (fromQueue) is not another mail. */
export const countOutcomes = (home: Home): number => readOutcomes(home).filter((outcome) => !(outcome as { fromQueue?: boolean }).fromQueue).length;

/** Throws at once when the watcher refused a mail recorded after the first `before` outcomes (so a bench never waits out a refusal). */
export function failOnRefusal(home: Home, before: number, what: string): void {
	const refused = readOutcomes(home).slice(before).find((outcome) => !outcome.accepted);
	if (refused) throw new Error(`bench: the watcher refused ${what}: ${refused.reasons.join(', ')}`);
}

// ---------------------------------------------------------------------------
// the watcher

export interface RunningWatcher {
	pid: number;
	/** Epoch ms just before the spawn. */
	startedAt: number;
	/** ms from spawn until it printed "ready" (connected, INBOX opened, caught up). */
	readyMs: number;
	output(): string;
	stop(): Promise<void>;
}

/** `taskping watch` as a child process, as a user runs it; resolves once it says it is ready. */
export async function spawnWatcher(env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<RunningWatcher> {
	const startedAt = Date.now();
	const t0 = process.hrtime.bigint();
	// Started the way the service unit starts it (same V8 flags). For experiments, BENCH_WATCHER_NODE_OPTIONS adds NODE_OPTIONS (bench/README.md).
	const extra = process.env.BENCH_WATCHER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_WATCHER_NODE_OPTIONS } : {};
	const child = spawn(process.execPath, [...WATCHER_NODE_FLAGS, CLI, 'watch'], { env: { ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	let readyMs = -1;
	const onData = (chunk: Buffer) => {
		output += chunk;
		if (readyMs < 0 && output.includes('ready; waiting for replies')) readyMs = Number(process.hrtime.bigint() - t0) / 1e6;
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	const stop = async () => {
		if (child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise((resolve) => child.once('exit', resolve));
		child.kill('SIGTERM');
		await Promise.race([exited, sleep(5000)]);
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	};
	try {
		await until('the watcher to be ready', () => {
			if (child.exitCode !== null) throw new Error(`bench: taskping watch exited:\n${output}`);
			return readyMs >= 0;
		}, timeoutMs, 5);
	} catch (error) {
		child.kill('SIGKILL');
		throw error;
	}
	return { pid: child.pid!, startedAt, readyMs, output: () => output, stop };
}

// ---------------------------------------------------------------------------
// running a hook as Claude Code does

export interface HookRun {
	ms: number;
	code: number | null;
	stdout: string;
	startedAt: number;
}

/**
 * `/bin/sh -c COMMAND` with the payload on stdin followed by EOF, cwd and
 * env as given; the time is from just before spawn to 'close' (exited and
 * its stdout/stderr closed), which is what Claude Code waits for.
 */
export function runShell(command: string, payload: string, env: NodeJS.ProcessEnv, cwd: string, timeoutMs = 15_000): Promise<HookRun> {
	return new Promise((resolve, reject) => {
		const startedAt = Date.now();
		const t0 = process.hrtime.bigint();
		const child = spawn('/bin/sh', ['-c', command], { env, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
		let stdout = '';
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`bench: ${command} did not finish within ${timeoutMs} ms`));
		}, timeoutMs);
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', () => undefined);
		child.once('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.once('close', (code) => {
			clearTimeout(timer);
			resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, code, stdout, startedAt });
		});
		child.stdin.on('error', () => undefined);
		child.stdin.end(payload);
	});
}

/** Claude Code's Stop payload (claude-code-facts.md §2). */
export function stopPayload(opts: { sessionId: string; transcriptPath: string; cwd: string; message: string }): string {
	return JSON.stringify({
		session_id: opts.sessionId,
		transcript_path: opts.transcriptPath,
		cwd: opts.cwd,
		prompt_id: '016f6184-0000-4000-8000-000000000000',
		permission_mode: 'default',
		effort: { level: 'high' },
		hook_event_name: 'Stop',
		stop_hook_active: false,
		last_assistant_message: opts.message,
		background_tasks: [],
		session_crons: [],
	});
}

/** A small transcript like Claude Code's (the sender reads the last prompt from it). */
export function writeTranscript(path: string, sessionId: string, cwd: string, prompt: string): void {
	const entries = [
		{ type: 'user', message: { role: 'user', content: prompt }, promptSource: 'typed', uuid: 'u1', parentUuid: null, timestamp: new Date().toISOString(), sessionId, cwd, version: '2.1.197' },
		{ type: 'assistant', message: { id: 'msg_1', role: 'assistant', model: 'claude-stand-in', content: [{ type: 'text', text: 'All tests pass. Deploy?' }], stop_reason: 'end_turn' }, uuid: 'a1', sessionId },
		{ type: 'system', subtype: 'turn_duration', durationMs: 347, messageCount: 2 },
	];
	mkdirSync(join(path, '..'), { recursive: true });
	writeFileSync(path, entries.map((entry) => JSON.stringify(entry)).join('\n') + '\n');
}

/** The environment Claude Code gives a hook in a tmux pane (claude-code-facts.md §3), minus the API settings. */
export function hookEnv(opts: { home: Home; socket: string; serverPid: number; pane: string; configDir: string; projectDir: string; sessionId: string }): NodeJS.ProcessEnv {
	return {
		PATH: process.env.PATH,
		HOME: opts.home.dir,
		LANG: 'C.UTF-8',
		LC_ALL: 'C.UTF-8',
		TERM: 'tmux-256color',
		TERM_PROGRAM: 'tmux',
		TMUX: `${opts.socket},${opts.serverPid},0`,
		TMUX_PANE: opts.pane,
		PWD: opts.projectDir,
		CLAUDE_PROJECT_DIR: opts.projectDir,
		CLAUDE_CONFIG_DIR: opts.configDir,
		CLAUDECODE: '1',
		CLAUDE_CODE_ENTRYPOINT: 'cli',
		CLAUDE_CODE_SESSION_ID: opts.sessionId,
		TASKPING_HOME: opts.home.dir,
	};
}

// ---------------------------------------------------------------------------
// replies

/**
 * A reply as Gmail sends it (plain + HTML, the notification quoted below),
 * threaded to the token by In-Reply-To and the subject, with the
 * Authentication-Results line the receiving server would have added.
 */
export function replyRaw(opts: { token: string; text: string; messageId: string; authservId: string; to: string; project?: string }): string {
	const quoted = ['Claude said:', '    All tests pass. Deploy?', '', 'Reply to this mail: the new text you write above the quoted part is typed into', "Claude Code's prompt and submitted."];
	return gmailReply({
		from: alice,
		to: opts.to,
		subject: `[TaskPing #${opts.token}] ${opts.project ?? 'proj'}: All tests pass. Deploy?`,
		inReplyTo: formatMessageId(opts.token, mailHost()),
		text: opts.text,
		quoted: quoted.join('\n'),
		messageId: opts.messageId,
		extraHeaders: [`Authentication-Results: ${opts.authservId}; auth=pass smtp.auth=${alice.address}; dkim=pass header.d=users.test; dmarc=pass header.from=users.test`],
	});
}

// ---------------------------------------------------------------------------
// IMAP clients


/**
 * One IMAP connection that APPENDs into an account's INBOX: "delivered to the
 * mailbox" is when APPEND returns. Reconnects when the server dropped the
 * connection while it sat unused (a long burst being worked off).
 */
export class Appender {
	private client: ImapFlow;
	private constructor(private readonly mail: MailServer, private readonly account: MailAccount, client: ImapFlow) {
		this.client = client;
	}
	static async open(mail: MailServer, account: MailAccount): Promise<Appender> {
		const client = imapClient(mail, account, 60_000);
		await client.connect();
		return new Appender(mail, account, client);
	}
	private async usable(): Promise<ImapFlow> {
		if (!this.client.usable) {
			this.client.close();
			this.client = imapClient(this.mail, this.account, 60_000);
			await this.client.connect();
		}
		return this.client;
	}
	/** Appends and returns the epoch ms at which the server confirmed it. */
	async append(raw: string | Buffer, flags: string[] = []): Promise<number> {
		const result = await (await this.usable()).append('INBOX', raw, flags);
		if (!result) throw new Error('bench: APPEND failed');
		return Date.now();
	}
	/** Message count of INBOX as the server sees it now (makes Dovecot index new maildir files). */
	async count(): Promise<number> {
		const status = await (await this.usable()).status('INBOX', { messages: true });
		return status ? status.messages ?? 0 : 0;
	}
	async close(): Promise<void> {
		try {
			await this.client.logout();
		} catch {
			this.client.close();
		}
	}
}

export interface SeenMail { uid: number; subject: string; seenAt: number }

/**
 * Watches an INBOX over one connection with NOOP every `intervalMs`: a
 * message is "visible" at the end of the first NOOP after which it is
 * listed (so the figure errs late by at most one interval).
 */
export class MailboxTail {
	readonly seen: SeenMail[] = [];
	private lastUid = 0;
	private constructor(private readonly client: ImapFlow) {}

	static async open(mail: MailServer, account: MailAccount): Promise<MailboxTail> {
		const client = imapClient(mail, account, 60_000);
		await client.connect();
		const box = await client.mailboxOpen('INBOX', { readOnly: true });
		const tail = new MailboxTail(client);
		tail.lastUid = Number(box.uidNext) - 1;
		return tail;
	}

	async poll(): Promise<void> {
		await this.client.noop();
		const seenAt = Date.now();
		const box = this.client.mailbox;
		if (!box || box.exists === 0) return;
		const messages = await this.client.fetchAll(`${this.lastUid + 1}:*`, { uid: true, envelope: true }, { uid: true });
		for (const message of messages.sort((a, b) => a.uid - b.uid)) {
			if (message.uid <= this.lastUid) continue;
			this.lastUid = message.uid;
			this.seen.push({ uid: message.uid, subject: message.envelope?.subject ?? '', seenAt });
		}
	}

	async waitFor(match: (mail: SeenMail) => boolean, timeoutMs: number, intervalMs = 20): Promise<SeenMail> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const found = this.seen.find(match);
			if (found) return found;
			if (Date.now() > deadline) throw new Error(`bench: no matching mail within ${timeoutMs} ms (last subjects: ${this.seen.slice(-3).map((m) => JSON.stringify(m.subject)).join(', ')})`);
			await sleep(intervalMs);
			await this.poll();
		}
	}

	async close(): Promise<void> {
		try {
			await this.client.logout();
		} catch {
			this.client.close();
		}
	}
}

/**
 * An IMAP client idling on an INBOX, noting when the server pushes EXISTS:
 * the server's own share of a reply's latency (Dovecot waits ~0.5 s after a
 * change before it tells idling clients), which no client can beat.
 */
export class IdleObserver {
	readonly pushes: number[] = [];
	private constructor(private readonly client: ImapFlow) {}
	static async open(mail: MailServer, account: MailAccount): Promise<IdleObserver> {
		const client = new ImapFlow({
			host: mail.host, port: mail.imapPort, secure: false, doSTARTTLS: false,
			auth: { user: account.address, pass: account.password }, logger: false, autoIdleDelay: 50,
		} as ConstructorParameters<typeof ImapFlow>[0]);
		client.on('error', () => undefined);
		await client.connect();
		await client.mailboxOpen('INBOX', { readOnly: true });
		const observer = new IdleObserver(client);
		client.on('exists', () => observer.pushes.push(Date.now()));
		return observer;
	}
	/** The first push at or after `since`. */
	pushAfter(since: number): number | null {
		return this.pushes.find((at) => at >= since) ?? null;
	}
	async close(): Promise<void> {
		try {
			await this.client.logout();
		} catch {
			this.client.close();
		}
	}
}

// ---------------------------------------------------------------------------
// the machine

/** Bytes. rss = VmRSS (what the target is about); anon/file split it into private memory and mapped files (mostly the node binary's own code). */
export interface MemorySample { rss: number; hwm: number; anon: number; file: number }

/** VmRSS, VmHWM (peak), RssAnon and RssFile of a process, from /proc/<pid>/status. */
export function memoryOf(pid: number): MemorySample {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
	return { rss: field('VmRSS'), hwm: field('VmHWM'), anon: field('RssAnon'), file: field('RssFile') };
}

export const loadAverage = (): [number, number, number] => loadavg().map((v) => Number(v.toFixed(2))) as [number, number, number];
