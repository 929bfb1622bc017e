import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import type { Config } from '../config/validate.js';
import { imapLoginOptions, smtpOptions } from '../mail/transport.js';

/**
 * Live logins to the service mailbox, before anything is saved (init) or
 * when something is wrong (doctor). Each failure is sorted into what the
 * user can fix: the password, TLS, the host name, the port — or a server
 * without IMAP IDLE.
 */
export type LoginProblem = 'auth' | 'tls' | 'host' | 'port' | 'timeout' | 'idle-unsupported' | 'other';

export type LoginResult =
	| { ok: true; server: string; ms: number; detail: string; idle?: boolean; condstore?: boolean; keywords?: boolean; newestMailAt?: Date | null }
	| { ok: false; server: string; ms: number; problem: LoginProblem; detail: string; fix: string };

const TLS_WORDS = /wrong version number|ssl|tls|certificate|self[- ]signed|handshake|EPROTO|unable to verify|CERT_/i;

interface ErrorLike { code?: string; errno?: string; message?: string; responseText?: string; authenticationFailed?: boolean; response?: string; cause?: ErrorLike }

/** Sorts a connection error into a problem; shared by both protocols (node's codes, nodemailer's and imapflow's). */
export function classifyLoginError(error: unknown): LoginProblem {
	const err = (error ?? {}) as ErrorLike;
	const codes = [err.code, err.errno, err.cause?.code].filter(Boolean) as string[];
	const text = `${err.message ?? ''} ${err.responseText ?? ''} ${err.response ?? ''}`;
	if (err.authenticationFailed || codes.includes('EAUTH') || /authenticat|invalid credentials|login failed|535|AUTHENTICATIONFAILED/i.test(text)) return 'auth';
	if (codes.some((code) => ['ENOTFOUND', 'EAI_AGAIN', 'EDNS'].includes(code)) || /getaddrinfo/.test(text)) return 'host';
	if (codes.includes('ETLS') || TLS_WORDS.test(text)) return 'tls';
	if (codes.some((code) => ['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code)) || /ECONNREFUSED/.test(text)) return 'port';
	if (codes.some((code) => ['ETIMEDOUT', 'CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'ESOCKETTIMEDOUT'].includes(code)) || /timed? ?out/i.test(text)) return 'timeout';
	return 'other';
}

function fixFor(problem: LoginProblem, protocol: 'SMTP' | 'IMAP', secure: boolean): string {
	const key = protocol === 'SMTP' ? 'SMTP' : 'IMAP';
	switch (problem) {
		case 'auth': return `check ${key}_USER and ${key}_PASS; most providers need an app password (or authorisation code), not the login password, and IMAP/SMTP enabled in the mailbox settings`;
		case 'tls': return secure ? `this port may not speak TLS at once: try ${key}_SECURE=false (STARTTLS, e.g. SMTP 587 / IMAP 143)` : `this port may expect TLS at once: try ${key}_SECURE=true (SMTP 465 / IMAP 993)`;
		case 'host': return `the name does not resolve: check ${key}_HOST`;
		case 'port': return `nothing accepts connections there: check ${key}_PORT (SMTP 465 or 587, IMAP 993) and any firewall`;
		case 'timeout': return `no answer in time: check ${key}_PORT and ${key}_SECURE (a TLS port spoken to in plain text stays silent), and any firewall`;
		case 'idle-unsupported': return 'this server cannot push new mail (IMAP IDLE); replies would only be noticed by slow polling — use another provider';
		default: return `see the message; TASKPING_DEBUG=1 shows more`;
	}
}

const describeError = (error: unknown): string => {
	const err = (error ?? {}) as ErrorLike;
	return [err.code, err.responseText ?? err.message].filter(Boolean).join(': ').split('\n')[0] ?? 'unknown error';
};

/** Connects, greets, authenticates (AUTH), and hangs up: nothing is sent. */
export async function checkSmtp(config: Pick<Config, 'smtp' | 'allowInsecureLogin'>, timeoutMs = 10_000): Promise<LoginResult> {
	const { smtp } = config;
	const server = `${smtp.host}:${smtp.port}`;
	const started = Date.now();
	const transport = nodemailer.createTransport(smtpOptions(config, { connection: timeoutMs, greeting: Math.min(timeoutMs, 8000), socket: timeoutMs }));
	try {
		await transport.verify();
		return { ok: true, server, ms: Date.now() - started, detail: `logged in as ${smtp.user}` };
	} catch (error) {
		const problem = classifyLoginError(error);
		return { ok: false, server, ms: Date.now() - started, problem, detail: describeError(error), fix: fixFor(problem, 'SMTP', smtp.secure) };
	} finally {
		transport.close();
	}
}

/** Logs in, opens INBOX, reads IDLE/CONDSTORE support and the newest mail's arrival time (for the clock check). */
export async function checkImap(config: Pick<Config, 'imap' | 'allowInsecureLogin'>, timeoutMs = 10_000): Promise<LoginResult> {
	const { imap } = config;
	const server = `${imap.host}:${imap.port}`;
	const started = Date.now();
	const client = new ImapFlow({
		...imapLoginOptions(config),
		disableAutoIdle: true,
		connectionTimeout: timeoutMs,
		greetingTimeout: Math.min(timeoutMs, 8000),
		socketTimeout: timeoutMs * 3,
	});
	client.on('error', () => undefined); // the pending command rejects too
	try {
		await client.connect();
		const idle = client.capabilities.has('IDLE');
		// SELECT, not EXAMINE: only a read-write open reports PERMANENTFLAGS (can keywords be set?). Nothing is changed.
		const mailbox = await client.mailboxOpen('INBOX');
		const condstore = client.enabled.has('CONDSTORE');
		const keywords = Boolean(mailbox.permanentFlags?.has('\\*'));
		let newestMailAt: Date | null = null;
		if (mailbox.exists > 0) {
			const newest = await client.fetchOne('*', { internalDate: true });
			if (newest && newest.internalDate) newestMailAt = new Date(newest.internalDate);
		}
		const ms = Date.now() - started;
		if (!idle) return { ok: false, server, ms, problem: 'idle-unsupported', detail: 'the server does not offer IDLE', fix: fixFor('idle-unsupported', 'IMAP', imap.secure) };
		return { ok: true, server, ms, detail: `logged in as ${imap.user}; INBOX has ${mailbox.exists} mail(s)`, idle, condstore, keywords, newestMailAt };
	} catch (error) {
		const problem = classifyLoginError(error);
		return { ok: false, server, ms: Date.now() - started, problem, detail: describeError(error), fix: fixFor(problem, 'IMAP', imap.secure) };
	} finally {
		await client.logout().catch(() => client.close());
	}
}

/** One line: "SMTP smtp.x:465: login refused (auth): 535 … Fix: …". */
export function describeLogin(protocol: 'SMTP' | 'IMAP', result: LoginResult): string {
	if (result.ok) return `${protocol} ${result.server}: ok, ${result.detail} (${result.ms} ms)`;
	const what = { auth: 'login refused', tls: 'TLS failed', host: 'unknown host', port: 'connection refused', timeout: 'no answer', 'idle-unsupported': 'no IMAP IDLE', other: 'failed' }[result.problem];
	return `${protocol} ${result.server}: ${what} (${result.problem}): ${result.detail}. Fix: ${result.fix}.`;
}
