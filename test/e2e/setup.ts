/**
 * The real parts, wired together the way a user has them: a mail server
 * (Dovecot + Postfix on loopback), a private tmux server running the real
 * Claude Code CLI against the Messages API stand-in, TaskPing configured by
 * its own CLI, hooks added by its own installer, and `taskping watch` as a
 * child process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { startClaude, type ClaudeSession, type StartClaudeOptions } from '../harness/claude.js';
import { startMailServer, waitForMail, type MailServer } from '../harness/mail-server.js';
import { startMessagesApi, type MessagesApi } from '../harness/messages-api.js';
import { startTmux, type TmuxServer } from '../harness/tmux.js';
import { alice, CLI, gmailReply, mailSettings, mallory, service, taskping } from '../harness/taskping.js';

// Moved to test/harness/taskping.ts (shared with the bench); re-exported so the tests' imports stay as they are.
export { alice, CLI, gmailReply, mailSettings, mallory, service, taskping };

export interface World {
	mail: MailServer;
	api: MessagesApi;
	tmux: TmuxServer;
	claude: ClaudeSession;
	home: string;
	env: NodeJS.ProcessEnv;
	watcher: Watcher;
	stop(): Promise<void>;
}

export interface Watcher {
	process: ChildProcess;
	output: () => string;
	stop(): Promise<void>;
}

export async function startWatcher(env: NodeJS.ProcessEnv, timeoutMs = 15_000): Promise<Watcher> {
	const child = spawn(process.execPath, [CLI, 'watch'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stdout!.on('data', (chunk) => (output += chunk));
	child.stderr!.on('data', (chunk) => (output += chunk));
	const deadline = Date.now() + timeoutMs;
	while (!output.includes('ready; waiting for replies')) {
		if (child.exitCode !== null || Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`taskping watch did not become ready:\n${output}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	return {
		process: child,
		output: () => output,
		stop: async () => {
			if (child.exitCode !== null) return;
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
			if (child.exitCode === null) child.kill('SIGKILL');
		},
	};
}


/** `claude`: how Claude Code is started (permission mode, extra environment); default manual mode. */
/** `claudeSettings`: merged into Claude Code's settings.json next to the hooks (e.g. permission rules). */
export async function startWorld(extraSettings: Array<[string, string]> = [], claude: Pick<StartClaudeOptions, 'permissionMode' | 'env'> = {}, claudeSettings: Record<string, unknown> = {}): Promise<World> {
	const mail = await startMailServer({ accounts: [service, alice, mallory] });
	const api = await startMessagesApi();
	const tmux = await startTmux();
	const home = mkdtempSync(join(tmpdir(), 'taskping-home-'));
	const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, TASKPING_HOME: home, LANG: 'C.UTF-8' };
	const settings: Array<[string, string]> = [...mailSettings(mail), ['TASKPING_IDLE_DELAY_MS', '200'], ['TASKPING_AUTHSERV_ID', mail.authservId]];
	for (const [key, value] of [...settings, ...extraSettings]) taskping(['config', 'set', key, value], env);
	// TaskPing's own installer writes the hooks; Claude Code gets the resulting file.
	const settingsFile = join(home, 'claude-settings.json');
	taskping(['install', '--settings', settingsFile], env);
	const session = await startClaude({ tmux, api, settings: { ...JSON.parse(readFileSync(settingsFile, 'utf8')), ...claudeSettings }, permissionMode: claude.permissionMode, env: { ...claude.env, TASKPING_HOME: home } });
	const watcher = await startWatcher(env);
	return {
		mail, api, tmux, claude: session, home, env, watcher,
		async stop() {
			await watcher.stop();
			await session.stop();
			await tmux.kill();
			await api.close();
			await mail.stop();
			rmSync(home, { recursive: true, force: true });
		},
	};
}

/** A notification's subject ("Done: … · proj [TaskPing #TOKEN]"), not an answer to a reply ("Re: …"). */
export const isNotificationSubject = (subject: string): boolean => !/^re:/i.test(subject) && /\[TaskPing #[0-9A-Z]{13}\]$/.test(subject);

/** The next TaskPing notification in alice's mailbox after `afterUid`, parsed. */
export async function nextNotification(world: World, afterUid = 0, timeoutMs = 15_000) {
	const found = await waitForMail(world.mail, alice, (m) => m.uid > afterUid && isNotificationSubject(m.subject), timeoutMs);
	const parsed = await simpleParser(found.raw);
	const token = /#([0-9A-Z]{13})\]/.exec(found.subject)![1]!;
	return { uid: found.uid, subject: found.subject, token, messageId: parsed.messageId!, text: parsed.text ?? '', raw: found.raw };
}


/** Outcome lines the watcher recorded (state/outcomes.jsonl). */
export function readOutcomes(home: string): Array<{ accepted: boolean; reasons: string[]; uid: number; from: string | null }> {
	try {
		return readFileSync(join(home, 'state', 'outcomes.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
	} catch {
		return [];
	}
}

export async function waitFor<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = 10_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = probe();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}
