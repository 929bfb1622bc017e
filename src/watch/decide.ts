import type { ParsedMail } from 'mailparser';
import type { Config } from '../config/validate.js';
import { extractReply } from '../reply/extract.js';
import { isExpired, type SessionRecord } from '../session/store.js';
import { findMessageIdTokens, findSubjectTokens } from '../session/token.js';
import { findDuplicateHeaders } from '../verify/headers.js';
import { checkCommandPolicy, DEFAULT_POLICY } from '../verify/policy.js';
import { sanitizeForTerminal } from '../verify/sanitize.js';

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
	/** Whether a rejection may be answered: only whitelisted senders ever get mail back. */
	answerable: boolean;
	session: SessionRecord | null;
}

export interface DecideContext {
	config: Pick<Config, 'allowedSenders' | 'maxReplyLength'>;
	findSession: (token: string) => SessionRecord | null;
	isProcessed: (messageId: string) => boolean;
	now: Date;
}

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

export function decideReply(mail: ParsedMail, context: DecideContext): Decision {
	const from = mail.from?.value[0]?.address?.toLowerCase() ?? null;
	const messageId = mail.messageId ?? null;
	const reasons: string[] = [];
	const whitelisted = from !== null && context.config.allowedSenders.includes(from);
	const decision: Decision = { messageId, from, subject: mail.subject ?? '', token: null, automated: false, text: null, accepted: false, reasons, answerable: false, session: null };

	const duplicates = findDuplicateHeaders(mail.headerLines ?? []);
	if (duplicates.length) reasons.push(...duplicates.map((name) => `duplicate-header:${name}`));
	if ((mail.from?.value.length ?? 0) > 1) reasons.push('several-from');
	if (!whitelisted) reasons.push('sender-not-allowed');
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
	}

	if (!extraction.automated) {
		if (extraction.text === null) reasons.push(...(extraction.reasons.length ? extraction.reasons : ['empty']));
		else {
			const clean = sanitizeForTerminal(extraction.text);
			const policy = checkCommandPolicy(clean.text, { ...DEFAULT_POLICY, maxLength: context.config.maxReplyLength });
			// A dialog answer is mapped to keys, never typed as a prompt: the prompt policy does not apply.
			if (decision.session?.dialog) decision.text = clean.text.trim() || null;
			else if (policy.ok) decision.text = policy.text;
			else {
				decision.text = clean.text;
				reasons.push(policy.reason);
			}
		}
	}
	decision.accepted = reasons.length === 0 && decision.text !== null && decision.session !== null;
	// Never answer automated mail (loops) or anyone off the whitelist (backscatter).
	decision.answerable = whitelisted && !extraction.automated && !duplicates.length && !reasons.includes('duplicate-message-id');
	return decision;
}
