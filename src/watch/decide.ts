import type { ParsedMail } from 'mailparser';
import type { Config } from '../config/validate.js';
import { extractReply } from '../reply/extract.js';
import { isExpired, type SessionRecord } from '../session/store.js';
import { findMessageIdTokens, findSubjectTokens } from '../session/token.js';
import { findDuplicateHeaders } from '../verify/headers.js';
import { findUndecodableCharsets } from '../verify/charsets.js';
import { checkShownText } from '../verify/hidden-html.js';
import { checkCommandPolicy } from '../verify/policy.js';
import { buildCommandPolicy } from '../verify/policy-config.js';
import { sanitizeForTerminal } from '../verify/sanitize.js';
import { checkSender, type SenderCheck } from '../verify/sender.js';

/** What the watcher would do with one mail. Pure: `inspect` prints it, the watcher acts on it. */
export interface Decision {
	messageId: string | null;
	from: string | null;
	subject: string;
	token: string | null;
	automated: boolean;
	text: string | null;
	accepted: boolean;
	reasons: string[];
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
}

type DecideSettings = Pick<Config, 'allowedSenders' | 'maxReplyLength'> &
	Partial<Pick<Config, 'authservId' | 'unauthenticatedSenders' | 'bindRecipients' | 'allowSlash' | 'denyPatterns'>>;

export interface DecideContext {
	config: DecideSettings;
	findSession: (token: string) => SessionRecord | null;
	isProcessed: (messageId: string) => boolean;
	now: Date;
	/** The mail as received, for what the parser hides (the charsets it could not decode). */
	raw?: Buffer | string;
}

/** What the sanitiser removes that no person types: the reply is refused rather than typed without it. */
const TERMINAL_REMOVALS = new Set(['escape-sequence', 'bracketed-paste', 'control']);
const HEADER_CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/;

const headerText = (mail: ParsedMail, name: string): string => {
	const value = mail.headers.get(name);
	if (Array.isArray(value)) return value.join(' ');
	return typeof value === 'string' ? value : '';
};

/** In-Reply-To/References (our Message-IDs) first, then the subject; they must agree. */
function findToken(mail: ParsedMail): { token: string | null; problem: string | null } {
	const threadTokens = findMessageIdTokens(`${headerText(mail, 'in-reply-to')} ${headerText(mail, 'references')}`);
	const subjectTokens = findSubjectTokens(mail.subject ?? '');
	if (subjectTokens.length > 1) return { token: null, problem: 'several-tokens' };
	const inReplyTo = findMessageIdTokens(headerText(mail, 'in-reply-to'));
	if (inReplyTo.length > 1) return { token: null, problem: 'several-tokens' };
	const threadToken = inReplyTo[0] ?? threadTokens.at(-1) ?? null;
	const subjectToken = subjectTokens[0] ?? null;
	if (threadToken && subjectToken && threadToken !== subjectToken) return { token: null, problem: 'token-mismatch' };
	const token = subjectToken ?? threadToken;
	return token ? { token, problem: null } : { token: null, problem: 'no-token' };
}

/** Never throws: a check that breaks on hostile input refuses the mail instead of stopping the watcher. */
export function decideReply(mail: ParsedMail, context: DecideContext): Decision {
	try {
		return decideOrThrow(mail, context);
	} catch (error) {
		const sender: SenderCheck = { authenticated: false, check: 'none', topAuthservId: null, detail: (error as Error).message, reason: null };
		return { messageId: mail.messageId ?? null, from: null, subject: '', token: null, automated: false, text: null, accepted: false, reasons: ['check-failed'], answerable: false, session: null, sender, trusted: false, note: null, details: [] };
	}
}

function decideOrThrow(mail: ParsedMail, context: DecideContext): Decision {
	const { config } = context;
	const from = mail.from?.value[0]?.address?.toLowerCase() ?? null;
	const messageId = mail.messageId ?? null;
	const reasons: string[] = [];
	const whitelisted = from !== null && config.allowedSenders.includes(from);
	const sender = checkSender(mail.headerLines ?? [], from, config);
	const decision: Decision = { messageId, from, subject: mail.subject ?? '', token: null, automated: false, text: null, accepted: false, reasons, answerable: false, session: null, sender, trusted: whitelisted && sender.authenticated, note: null, details: [] };

	const duplicates = findDuplicateHeaders(mail.headerLines ?? []);
	if (duplicates.length) reasons.push(...duplicates.map((name) => `duplicate-header:${name}`));
	if ((mail.from?.value.length ?? 0) > 1) reasons.push('several-from');
	// A decoded Subject or sender name with CR, LF or ESC was built to split headers or hit a terminal, not written by a person.
	if (HEADER_CONTROL.test(`${mail.subject ?? ''}${mail.from?.value.map((a) => `${a.name}${a.address ?? ''}`).join('') ?? ''}`)) reasons.push('header-control');
	if (!whitelisted) reasons.push('sender-not-allowed');
	else if (sender.reason) reasons.push(sender.reason);
	if (!messageId) reasons.push('no-message-id');
	else if (context.isProcessed(messageId)) reasons.push('duplicate-message-id');

	const extraction = extractReply(mail);
	decision.automated = extraction.automated;
	if (extraction.automated) reasons.push(...extraction.reasons);

	const { token, problem } = findToken(mail);
	decision.token = token;
	if (problem) reasons.push(problem);
	if (token) {
		const session = context.findSession(token);
		if (!session) reasons.push('unknown-token');
		else if (isExpired(session, context.now)) reasons.push('expired-token');
		else decision.session = session;
		// Opt-in: by default any whitelisted address may answer (read in one mailbox, answered from another).
		if (session && config.bindRecipients && from !== null && !session.recipients.map((r) => r.toLowerCase()).includes(from)) reasons.push('not-a-recipient');
	}

	if (context.raw !== undefined && findUndecodableCharsets(context.raw).length > 0) reasons.push('unknown-charset');
	if (!extraction.automated) {
		if (extraction.text === null) reasons.push(...(extraction.reasons.length ? extraction.reasons : ['empty']));
		else checkText(mail, extraction.text, decision, config);
	}
	decision.accepted = reasons.length === 0 && decision.text !== null && decision.session !== null;
	// Never answer automated mail (loops), anyone off the whitelist or unauthenticated (backscatter), or a replay.
	decision.answerable = decision.trusted && !extraction.automated && !duplicates.length && !reasons.includes('duplicate-message-id');
	return decision;
}

/** What would reach the terminal: sanitised, shown in the HTML a person reads, within the command policy. */
function checkText(mail: ParsedMail, extracted: string, decision: Decision, config: DecideSettings): void {
	const { reasons } = decision;
	// Far over the limit (a 5 MB body): refused before any per-character work, so a flood costs nothing.
	if (extracted.length > config.maxReplyLength * 4) {
		reasons.push('too-long');
		return;
	}
	const clean = sanitizeForTerminal(extracted);
	if (clean.removed.some((code) => TERMINAL_REMOVALS.has(code))) reasons.push('terminal-control');
	if (clean.removed.includes('tag')) reasons.push('hidden-text');
	else if (typeof mail.html === 'string' && mail.html.trim() !== '') {
		const shown = checkShownText(mail.html, clean.text);
		if (shown) {
			reasons.push(shown.code);
			decision.details.push(shown.detail);
		}
	}
	const policy = checkCommandPolicy(clean.text, buildCommandPolicy(config));
	// A dialog answer is mapped to keys, never typed as a prompt: the prompt policy does not apply.
	if (decision.session?.dialog) {
		decision.text = clean.text.trim() || null;
		if (!policy.ok && policy.reason === 'too-long') reasons.push('too-long');
	} else if (policy.ok) decision.text = policy.text;
	else {
		decision.text = clean.text;
		reasons.push(policy.reason);
	}
}
