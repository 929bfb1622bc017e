/**
 * TaskPing as the tests and the bench drive it: its CLI, the test mail
 * server's accounts, the settings that point a home at that server, and a
 * reply as Gmail sends it. Shared from here (test/harness/) so the bench
 * needs nothing from test/e2e/.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { MailAccount, MailServer } from './mail-server.js';

export const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));

export const service: MailAccount = { address: 'service@taskping.test', password: 'svc-pass-1' };
export const alice: MailAccount = { address: 'alice@users.test', password: 'alice-pass-1' };
export const mallory: MailAccount = { address: 'mallory@evil.test', password: 'mallory-pass-1' };

/** Runs the taskping CLI as a user would, with this world's TASKPING_HOME. */
export function taskping(args: string[], env: NodeJS.ProcessEnv): string {
	return execFileSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
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
