import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import type { Config } from '../config/validate.js';
import { imapLoginOptions } from '../mail/transport.js';
import { fromAddress } from '../mail/parsed-mail.js';
import { sleep } from '../sleep.js';
import { readTopAuthservId } from '../verify/auth-results.js';

/**
 * Replies are trusted only when the service mailbox's own receiving server
 * vouches for the sender (Authentication-Results). Its authserv-id differs
 * per provider and is easiest learned from a real reply: `init` sends a test
 * mail, the user answers it from their phone, and the topmost
 * Authentication-Results of that answer names the server.
 */
export interface LearnedAuthserv {
	authservId: string | null;
	from: string | null;
}

/** Waits for a reply to `messageId` from an allowed sender; null fields when none came in time. */
export async function learnAuthservId(config: Pick<Config, 'imap' | 'allowInsecureLogin' | 'allowedSenders'>, messageId: string, timeoutMs: number, signal?: AbortSignal): Promise<LearnedAuthserv> {
	const client = new ImapFlow({ ...imapLoginOptions(config), disableAutoIdle: true });
	client.on('error', () => undefined);
	const deadline = Date.now() + timeoutMs;
	try {
		await client.connect();
		await client.mailboxOpen('INBOX', { readOnly: true });
		while (Date.now() < deadline && !signal?.aborted) {
			const uids = (await client.search({ header: { 'in-reply-to': messageId } }, { uid: true })) || [];
			for (const uid of uids) {
				const message = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
				if (!message || !message.source) continue;
				const mail = await simpleParser(message.source, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
				const from = fromAddress(mail.from)?.toLowerCase() ?? null;
				if (from && config.allowedSenders.includes(from)) return { authservId: readTopAuthservId(mail.headerLines ?? []), from };
			}
			await sleep(2000, signal);
			await client.noop();
		}
		return { authservId: null, from: null };
	} finally {
		await client.logout().catch(() => client.close());
	}
}
