/**
 * The real parts, wired together the way a user has them: a mail server
 * (Dovecot + Postfix on loopback), a private tmux server running the real
 * Claude Code CLI against the Messages API stand-in, TaskPing configured by
 * its own CLI, hooks added by its own installer, and `taskping watch` as a
 * child process.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { startClaude, type ClaudeSession } from '../harness/claude.js';
import { startMailServer, waitForMail, type MailAccount, type MailServer } from '../harness/mail-server.js';
import { startMessagesApi, type MessagesApi } from '../harness/messages-api.js';
import { startTmux, type TmuxServer } from '../harness/tmux.js';

export const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));

export const service: MailAccount = { address: 'service@taskping.test', password: 'svc-pass-1' };
export const alice: MailAccount = { address: 'alice@users.test', password: 'alice-pass-1' };
export const mallory: MailAccount = { address: 'mallory@evil.test', password: 'mallory-pass-1' };

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

/** Runs the taskping CLI as a user would, with this world's TASKPING_HOME. */
export function taskping(args: string[], env: NodeJS.ProcessEnv): string {
	return execFileSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
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

/**
 * The settings that point a TaskPing home at the test mail server: `account`
 * sends and watches, `user` is the one allowed sender. Callers add their own.
 */
export function mailSettings(mail: MailServer, account: MailAccount = service, user: MailAccount = alice): Array<[string, string]> {
	return [
		['SMTP_HOST', mail.host], ['SMTP_PORT', String(mail.smtpPort)], ['SMTP_SECURE', 'false'],
		['SMTP_USER', account.address], ['SMTP_PASS', account.password],
		['IMAP_HOST', mail.host], ['IMAP_PORT', String(mail.imapPort)], ['IMAP_SECURE', 'false'],
		['EMAIL_TO', user.address], ['ALLOWED_SENDERS', user.address],
	];
}

export async function startWorld(extraSettings: Array<[string, string]> = []): Promise<World> {
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
	const claude = await startClaude({ tmux, api, settings: JSON.parse(readFileSync(settingsFile, 'utf8')), env: { TASKPING_HOME: home } });
	const watcher = await startWatcher(env);
	return {
		mail, api, tmux, claude, home, env, watcher,
		async stop() {
			await watcher.stop();
			await claude.stop();
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

/** A reply as Gmail sends it: new text on top, the notification quoted below, plain + HTML. */
export function gmailReply(opts: { from: MailAccount; subject: string; inReplyTo?: string; text: string; quoted: string; messageId: string; to?: string; extraHeaders?: string[] }): string {
	const quoted = opts.quoted.split('\n').map((line) => `> ${line}`).join('\r\n');
	const thread = opts.inReplyTo ? `In-Reply-To: ${opts.inReplyTo}\r\nReferences: ${opts.inReplyTo}\r\n` : '';
	const html = `<div dir="ltr">${opts.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\n/g, '<br>')}</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Tue, Nov 24, 2026 at 10:00 AM TaskPing &lt;${service.address}&gt; wrote:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">${opts.quoted.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\n/g, '<br>')}</blockquote></div>`;
	return [
		...(opts.extraHeaders ?? []),
		`From: Alice <${opts.from.address}>`,
		`To: ${opts.to ?? service.address}`,
		`Subject: ${opts.subject.startsWith('Re:') ? opts.subject : `Re: ${opts.subject}`}`,
		`Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
		`Message-ID: ${opts.messageId}`,
		`${thread}MIME-Version: 1.0`,
		'Content-Type: multipart/alternative; boundary="000000000000b1b2b3"',
		'',
		'--000000000000b1b2b3',
		'Content-Type: text/plain; charset="UTF-8"',
		'Content-Transfer-Encoding: 8bit',
		'',
		opts.text,
		'',
		`On Tue, Nov 24, 2026 at 10:00 AM TaskPing <${service.address}> wrote:`,
		'',
		quoted,
		'',
		'--000000000000b1b2b3',
		'Content-Type: text/html; charset="UTF-8"',
		'Content-Transfer-Encoding: 8bit',
		'',
		html,
		'',
		'--000000000000b1b2b3--',
		'',
	].join('\r\n');
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
