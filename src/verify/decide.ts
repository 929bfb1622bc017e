import type { Picture } from '../inject/pictures.js';
import type { ParsedMail } from 'mailparser';
import type { Config } from '../config/validate.js';
import { fromAddress, readHeader } from '../mail/parsed-mail.js';
import { detectAutomated } from '../reply/automated.js';
import { isExpired, type SessionRecord } from '../session/store.js';
import { findMessageIdTokens, findSubjectTokens } from '../session/token.js';
import { findDuplicateHeaders, isAddressedTo } from './headers.js';
import { checkSignedHeaders } from './signed-headers.js';
import { checkSender, type SenderCheck } from './sender.js';
import { BODY_CHECKS, decideBody } from './decide-body.js';

/**
 * What the watcher would do with one mail, in two stages ordered by cost.
 * The header stage (this file) reads only the header block: whitelist,
 * trusted Authentication-Results, token, Message-ID replay, size. Only a
 * whitelisted, authenticated sender with a live token reaches the body stage
 * (decide-body.ts: extraction, HTML, hidden text, policy), so nobody else's
 * mail is ever read beyond its headers. Pure: `inspect` prints it, the watcher acts on it.
 */
export interface Decision {
	messageId: string | null;
	from: string | null;
	subject: string;
	token: string | null;
	automated: boolean;
	text: string | null;
	accepted: boolean;
	reasons: string[];
	/** Body checks not run because an earlier one refused (BODY_CHECKS names); empty when the body was read. */
	skipped: string[];
	/** Whether a rejection may be answered: only authenticated whitelisted senders ever get mail back. */
	answerable: boolean;
	session: SessionRecord | null;
	/** Which check decided that the sender is who the From header says (or why not). */
	sender: SenderCheck;
	/** From is whitelisted and authenticated: the only mail that counts against rate limits. */
	trusted: boolean;
	/** Extra text for the answer mail (a confirmation code); never logged. */
	note: string | null;
	/** What exactly a check found (the construct the HTML reader does not read, the words not shown), for inspect and the log. */
	details: string[];
	/** Pictures attached to the reply that go to Claude with the text (reply/attachments.ts); never logged. */
	pictures: Picture[];
	/** What was decided for each attachment, one line each, for inspect. */
	attachments: string[];
	/** The user's lines the reader cut as a signature (reply/extract.ts): a dialog answer approves only when they are an ordinary closing. */
	setAside?: string[];
}

export type DecideSettings = Pick<Config, 'allowedSenders' | 'maxReplyLength'> &
	Partial<Pick<Config, 'authservId' | 'unauthenticatedSenders' | 'bindRecipients' | 'allowSlash' | 'denyPatterns' | 'emailFrom'>> & { imap?: { user: string } };

export interface DecideContext {
	config: DecideSettings;
	findSession: (token: string) => SessionRecord | null;
	isProcessed: (messageId: string) => boolean;
	now: Date;
	/** The mail as received, for what the parser hides (the charsets it could not decode). */
	raw?: Buffer | string;
	/** The whole mail's size in bytes (IMAP RFC822.SIZE), when known before the body is read. */
	size?: number;
	/** The watcher stopped while this mail's body was being checked (a crash, a kill): poison, never read again. */
	interrupted?: (messageId: string) => boolean;
	/** performance.now() past which the body stage gives up with `too-complex` (the per-mail time budget). */
	deadline?: number;
}

/** The fetch limit: a mail larger than this is refused on its size alone, its body never fetched. */
export const MAX_MAIL_BYTES = 10 * 1024 * 1024;

const HEADER_CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/;

/** In-Reply-To/References (our Message-IDs) first, then the subject; they must agree. */
function findToken(mail: ParsedMail): { token: string | null; problem: string | null } {
	const threadTokens = findMessageIdTokens(`${readHeader(mail.headers, 'in-reply-to')} ${readHeader(mail.headers, 'references')}`);
	const subjectTokens = findSubjectTokens(mail.subject ?? '');
	if (subjectTokens.length > 1) return { token: null, problem: 'several-tokens' };
	const inReplyTo = findMessageIdTokens(readHeader(mail.headers, 'in-reply-to'));
	if (inReplyTo.length > 1) return { token: null, problem: 'several-tokens' };
	const threadToken = inReplyTo[0] ?? threadTokens.at(-1) ?? null;
	const subjectToken = subjectTokens[0] ?? null;
	if (threadToken && subjectToken && threadToken !== subjectToken) return { token: null, problem: 'token-mismatch' };
	const token = subjectToken ?? threadToken;
	return token ? { token, problem: null } : { token: null, problem: 'no-token' };
}

/** Both stages on a parse of the whole mail (inspect, reconcile, tests); the body stage only if the headers pass. */
export function decideReply(mail: ParsedMail, context: DecideContext): Decision {
	const decision = decideHeaders(mail, context);
	return decision.skipped.length ? decision : decideBody(mail, decision, context);
}

/** The header stage. Never throws: a check that breaks on hostile input refuses the mail instead of stopping the watcher. */
export function decideHeaders(mail: ParsedMail, context: DecideContext): Decision {
	try {
		return decideHeadersOrThrow(mail, context);
	} catch (error) {
		const sender: SenderCheck = { authenticated: false, check: 'none', topAuthservId: null, detail: (error as Error).message, reason: null };
		return { messageId: mail.messageId ?? null, from: null, subject: '', token: null, automated: false, text: null, accepted: false, reasons: ['check-failed'], skipped: [...BODY_CHECKS], answerable: false, session: null, sender, trusted: false, note: null, details: [], pictures: [], attachments: [] };
	}
}

function decideHeadersOrThrow(mail: ParsedMail, context: DecideContext): Decision {
	const { config } = context;
	const from = fromAddress(mail.from)?.toLowerCase() ?? null;
	const messageId = mail.messageId ?? null;
	const reasons: string[] = [];
	const whitelisted = from !== null && config.allowedSenders.includes(from);
	const sender = checkSender(mail.headerLines ?? [], from, config);
	const decision: Decision = { messageId, from, subject: mail.subject ?? '', token: null, automated: false, text: null, accepted: false, reasons, skipped: [], answerable: false, session: null, sender, trusted: whitelisted && sender.authenticated, note: null, details: [], pictures: [], attachments: [] };

	const duplicates = findDuplicateHeaders(mail.headerLines ?? []);
	if (duplicates.length) reasons.push(...duplicates.map((name) => `duplicate-header:${name}`));
	if ((mail.from?.value.length ?? 0) > 1) reasons.push('several-from');
	// A decoded Subject or sender name with CR, LF or ESC was built to split headers or hit a terminal, not written by a person.
	if (HEADER_CONTROL.test(`${mail.subject ?? ''}${mail.from?.value.map((a) => `${a.name}${a.address ?? ''}`).join('') ?? ''}`)) reasons.push('header-control');
	if (!whitelisted) reasons.push('sender-not-allowed');
	else if (sender.reason) reasons.push(sender.reason);
	if (!isAddressedTo(mail.to, mail.cc, serviceAddresses(config))) reasons.push('not-addressed-to-service');
	if (!messageId) reasons.push('no-message-id');
	else if (context.interrupted?.(messageId)) reasons.push('too-complex');
	else if (context.isProcessed(messageId)) reasons.push('duplicate-message-id');

	const automated = detectAutomated(mail.headers ?? new Map(), mail.subject);
	decision.automated = automated !== null;
	if (automated) reasons.push(automated);

	const { token, problem } = findToken(mail);
	decision.token = token;
	if (problem) reasons.push(problem);
	// Replay (R1): To/Cc naming us and the token header must be the sender's own, not added by whoever passed the mail on.
	if (from !== null && sender.authenticated && sender.check !== 'relaxed' && sender.topAuthservId !== null) {
		const signed = checkSignedHeaders(mail, from, token, serviceAddresses(config), sender.topAuthservId);
		if (!signed.ok) {
			reasons.push('unsigned-addressing');
			decision.details.push(`unsigned-addressing: ${signed.detail}`);
		}
	}
	if (token) {
		const session = context.findSession(token);
		if (!session) reasons.push('unknown-token');
		else if (isExpired(session, context.now)) reasons.push('expired-token');
		else decision.session = session;
		// Opt-in: by default any whitelisted address may answer (read in one mailbox, answered from another).
		if (session && config.bindRecipients && from !== null && !session.recipients.map((r) => r.toLowerCase()).includes(from)) reasons.push('not-a-recipient');
	}
	if ((context.size ?? 0) > MAX_MAIL_BYTES) reasons.push('too-large');

	// Never answer automated mail (loops), anyone off the whitelist or unauthenticated (backscatter), or a replay.
	decision.answerable = decision.trusted && !decision.automated && !duplicates.length && !reasons.includes('duplicate-message-id');
	if (reasons.length || decision.session === null) decision.skipped = [...BODY_CHECKS];
	return decision;
}

/** The addresses a reply must be sent to: the notifications' From, and the mailbox the watcher reads. */
function serviceAddresses(config: DecideSettings): string[] {
	const addresses: string[] = [];
	const from = config.emailFrom ? (/<([^>]+)>/.exec(config.emailFrom)?.[1] ?? config.emailFrom) : '';
	if (from.includes('@')) addresses.push(from.trim());
	if (config.imap?.user?.includes('@')) addresses.push(config.imap.user.trim());
	return addresses;
}
