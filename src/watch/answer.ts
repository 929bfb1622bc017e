import { randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Config } from '../config/validate.js';
import { composeReplyAnswer, type OutgoingMail } from '../mail/compose.js';
import type { Paths } from '../fs/paths.js';
import { formatMessageId, mailHost } from '../session/token.js';
import type { Decision } from '../verify/decide.js';

/**
 * The confirmation or refusal for one reply, threaded under it, in the
 * configured language. It carries the session's token in its Message-ID when
 * there is a session, so answering the answer reaches the same conversation.
 */
export function composeAnswer(reply: Pick<Decision, 'subject' | 'messageId' | 'session'> & { from: string }, config: Pick<Config, 'emailFrom' | 'language'>, accepted: boolean, body: string): OutgoingMail {
	const { session } = reply;
	return composeReplyAnswer({
		from: config.emailFrom,
		to: reply.from,
		replySubject: reply.subject || '(no subject)',
		replyMessageId: reply.messageId,
		messageId: session ? formatMessageId(session.token, mailHost()) : `<taskping-answer.${randomBytes(8).toString('hex')}@${mailHost()}>`,
		accepted,
		body,
		project: session ? basename(session.cwd) : null,
		language: config.language,
	});
}

/** One line per handled mail in outcomes.jsonl, for people and `taskping status`. */
export function recordOutcome(paths: Paths, entry: Record<string, unknown>): void {
	try {
		appendFileSync(paths.outcomesFile, `${JSON.stringify({ at: new Date().toISOString(), ...entry })}\n`, { mode: 0o600 });
	} catch {
		// the processed map is the source of truth; this file is for people
	}
}
