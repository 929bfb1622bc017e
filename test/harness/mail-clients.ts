/**
 * The test clients of a running mail server (mail-server.ts): SMTP submission
 * with and without AUTH, IMAP sessions, APPEND, and waiting for a mail to
 * arrive. Split from the server so that starting daemons and speaking the
 * protocols are two files; callers still import both from mail-server.ts.
 */
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import type { MailAccount, MailServer } from './mail-server.js';
import { sleep } from './mail-processes.js';

async function sendSmtp(server: MailServer, auth: MailAccount | null, from: string, rcpt: string[], raw: string | Buffer): Promise<void> {
	if (rcpt.length === 0) throw new Error('mail-server: give at least one recipient');
	const transport = nodemailer.createTransport({
		host: server.host,
		port: server.smtpPort,
		secure: false,
		ignoreTLS: true,
		name: auth ? 'client.taskping.test' : 'mx.remote.test',
		...(auth ? { auth: { user: auth.address, pass: auth.password } } : {}),
		connectionTimeout: 5000,
		greetingTimeout: 5000,
		socketTimeout: 15000,
		logger: false,
	});
	try {
		await transport.sendMail({ envelope: { from, to: rcpt }, raw });
	} finally {
		transport.close();
	}
}

/** Submit a raw RFC 5322 message through SMTP with AUTH as `auth` (envelope from = that account). */
export async function submitRaw(server: MailServer, auth: MailAccount, rcpt: string[], raw: string | Buffer): Promise<void> {
	await sendSmtp(server, auth, auth.address, rcpt, raw);
}

/** Hand a raw message to the MTA with NO authentication, like a remote MX would (for forged/hostile mail). */
export async function deliverUnauthenticated(server: MailServer, envelopeFrom: string, rcpt: string[], raw: string | Buffer): Promise<void> {
	await sendSmtp(server, null, envelopeFrom, rcpt, raw);
}

/** A plain IMAP client for one account on the test server (no IDLE; errors reject the pending command). */
export function imapClient(server: MailServer, account: MailAccount, socketTimeout = 30_000): ImapFlow {
	const client = new ImapFlow({
		host: server.host,
		port: server.imapPort,
		secure: false,
		doSTARTTLS: false,
		auth: { user: account.address, pass: account.password },
		logger: false,
		disableAutoIdle: true,
		connectionTimeout: 5000,
		greetingTimeout: 5000,
		socketTimeout,
	});
	client.on('error', () => undefined); // errors also reject the pending command
	return client;
}

async function closeClient(client: ImapFlow): Promise<void> {
	try {
		await client.logout();
	} catch {
		client.close();
	}
}

/** IMAP APPEND into an account's INBOX. */
export async function appendRaw(server: MailServer, account: MailAccount, raw: string | Buffer): Promise<void> {
	const client = imapClient(server, account);
	await client.connect();
	try {
		const result = await client.append('INBOX', raw);
		if (!result) throw new Error(`mail-server: APPEND to ${account.address} INBOX failed`);
	} finally {
		await closeClient(client);
	}
}

export interface MailMatchInput { uid: number; subject: string; raw: string }

/**
 * Waits until a message that `match` accepts is in the account's INBOX (oldest
 * first, already present messages included) and returns it. Polls with NOOP
 * every 150 ms over one IMAP connection (reconnecting if the server goes away),
 * for at most timeoutMs (default 10 s); on timeout the error lists the
 * subjects present.
 */
export async function waitForMail(
	server: MailServer,
	account: MailAccount,
	match: (m: MailMatchInput) => boolean,
	timeoutMs = 10_000,
): Promise<{ uid: number; raw: string; subject: string }> {
	const deadline = Date.now() + timeoutMs;
	const seen = new Map<number, string>(); // uid -> subject
	let lastUid = 0;
	let knownValidity: bigint | null = null;
	let lastError = '';
	let found: { uid: number; raw: string; subject: string } | null = null;
	let matchError: { error: unknown } | null = null;
	while (Date.now() < deadline && !found && !matchError) {
		const client = imapClient(server, account);
		try {
			await client.connect();
			const lock = await client.getMailboxLock('INBOX');
			try {
				while (Date.now() < deadline) {
					const mailbox = client.mailbox;
					if (!mailbox) throw new Error('INBOX is not selected');
					if (knownValidity !== mailbox.uidValidity) {
						knownValidity = mailbox.uidValidity;
						lastUid = 0;
						seen.clear();
					}
					if (mailbox.exists > 0) {
						const messages = await client.fetchAll(`${lastUid + 1}:*`, { uid: true, envelope: true, source: true }, { uid: true });
						for (const message of messages.sort((a, b) => a.uid - b.uid)) {
							if (message.uid <= lastUid) continue;
							lastUid = message.uid;
							const candidate = { uid: message.uid, subject: message.envelope?.subject ?? '', raw: message.source?.toString('utf8') ?? '' };
							seen.set(candidate.uid, candidate.subject);
							try {
								if (match(candidate)) found = candidate;
							} catch (error) {
								matchError = { error };
							}
							if (found || matchError) break;
						}
						if (found || matchError) break;
					}
					await sleep(150);
					await client.noop();
				}
			} finally {
				lock.release();
			}
		} catch (error) {
			lastError = (error as Error).message;
			await sleep(150);
		} finally {
			await closeClient(client);
		}
	}
	if (matchError) throw (matchError as { error: unknown }).error;
	if (found) return found;
	const subjects = [...seen.values()].map((s) => JSON.stringify(s)).join(', ');
	throw new Error(
		`waitForMail: no matching mail in ${account.address}'s INBOX within ${timeoutMs} ms; ` +
		`${seen.size} message(s) present: [${subjects}]${lastError ? `; last IMAP error: ${lastError}` : ''}`,
	);
}

/** Every message now in the account's INBOX (uid, subject, raw), oldest first. */
export async function listMail(server: MailServer, account: MailAccount): Promise<MailMatchInput[]> {
	const client = imapClient(server, account);
	await client.connect();
	try {
		const lock = await client.getMailboxLock('INBOX');
		try {
			if (!client.mailbox || client.mailbox.exists === 0) return [];
			const messages = await client.fetchAll('1:*', { uid: true, envelope: true, source: true }, { uid: true });
			return messages.sort((a, b) => a.uid - b.uid).map((m) => ({ uid: m.uid, subject: m.envelope?.subject ?? '', raw: m.source?.toString('utf8') ?? '' }));
		} finally {
			lock.release();
		}
	} finally {
		await closeClient(client);
	}
}
