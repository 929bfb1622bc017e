import type { ParsedMail } from 'mailparser';
import type { Config } from '../config/validate.js';
import type { Logger } from '../fs/log.js';
import type { Paths } from '../fs/paths.js';
import { pickLanguage, type OutgoingMail } from '../mail/compose.js';
import { composeAnswer, recordOutcome } from './answer.js';
import { TEXTS } from '../mail/i18n.js';
import { readTailEntries, userEntryText } from '../claude/transcript.js';
import { loadSession } from '../session/store.js';
import { redactToken } from '../session/token.js';
import { decideReply } from '../verify/decide.js';
import { settleEntry, type ProcessedEntry } from '../state/processed.js';

/**
 * A reply recorded `typing` whose result was never recorded: the watcher died
 * between acting and writing it down. It is never typed again; Claude's own
 * transcript says whether it was submitted, and the sender is told either way.
 */
export interface ReconcileDeps {
	paths: Paths;
	config: Config;
	log: Logger;
	answer: (mail: OutgoingMail) => void;
}

const normalize = (text: string) => text.replace(/\r\n?/g, '\n').trim();

/** Whether the transcript holds this prompt, submitted at or after `since`. Never throws. */
export function wasSubmitted(transcriptPath: string, text: string, since: Date): boolean {
	const want = normalize(text);
	// A little slack: the intent is written just before typing, by another clock read.
	const from = since.getTime() - 5000;
	return readTailEntries(transcriptPath).some((entry) => {
		if (Date.parse(entry.timestamp ?? '') < from) return false;
		// Only prompts a person typed (a <task-notification> is not), with a long paste unwrapped.
		const said = userEntryText(entry);
		return said !== null && normalize(said) === want;
	});
}


export function reconcileTyping(mail: ParsedMail, entry: ProcessedEntry, deps: ReconcileDeps): { typed: boolean } {
	const at = new Date(entry.at);
	// Decide again as at the time of the intent, to learn which session and text it was about.
	const decision = decideReply(mail, { config: deps.config, findSession: (token) => loadSession(deps.paths.sessionsDir, token), isProcessed: () => false, now: at });
	const session = decision.session;
	const words = TEXTS[pickLanguage(deps.config.language)].interrupted;
	let typed = false;
	let body: string;
	if (!session || !decision.text) body = words.sessionGone;
	else if (session.dialog) body = words.dialog;
	else {
		typed = wasSubmitted(session.transcriptPath, decision.text, at);
		body = typed ? decision.text : words.notSubmitted;
	}
	const reasons = typed ? [] : ['interrupted'];
	settleEntry(deps.paths, decision.messageId ?? '', { at: entry.at, uid: entry.uid, accepted: typed, reasons });
	const fields = { uid: entry.uid, from: decision.from, token: decision.token ? redactToken(decision.token) : null };
	deps.log(typed ? 'info' : 'warn', 'reply-reconciled', { ...fields, typed });
	recordOutcome(deps.paths, { ...fields, accepted: typed, reasons: [...reasons, 'reconciled'] });
	if (decision.from && deps.config.allowedSenders.includes(decision.from)) deps.answer(composeAnswer({ ...decision, from: decision.from }, deps.config, typed, body));
	return { typed };
}
