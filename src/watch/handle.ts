import { simpleParser, type ParsedMail } from 'mailparser';
import type { Config } from '../config/validate.js';
import type { Logger } from '../log.js';
import type { Paths } from '../paths.js';
import type { InjectDeps } from '../inject/inject.js';
import { actOnReply } from './act.js';
import { pickLanguage, type OutgoingMail } from '../mail/compose.js';
import { composeAnswer, recordOutcome } from './answer.js';
import { loadSession } from '../session/store.js';
import { redactToken } from '../session/token.js';
import { decideReply, type Decision } from './decide.js';
import { guardDecision, recordTypedText } from '../verify/guard-store.js';
import { describeReason } from './reasons.js';
import { describeReasonIn } from '../mail/i18n.js';
import { readProcessed, recordProcessed } from './state.js';

export interface HandleDeps {
	paths: Paths;
	config: Config;
	log: Logger;
	inject: Omit<InjectDeps, 'enterDelayMs'>;
	/** Queues an answer mail (confirmation or rejection reason). */
	answer: (mail: OutgoingMail) => void;
	now?: () => Date;
}

export interface Handled {
	decision: Decision | null;
	/** True when the mail carried one of this machine's tokens: the caller may flag it \Seen. */
	ours: boolean;
	typed: boolean;
	reasons: string[];
}

/** Parses with every parser error caught: hostile mail must never stop the watcher. */
export async function parseMail(raw: Buffer | string): Promise<ParsedMail | null> {
	try {
		return await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, maxHtmlLengthToParse: 2 * 1024 * 1024 });
	} catch {
		return null;
	}
}

/** `parsed`: the caller's parse of `raw` when it already made one (the watcher does), so a mail is parsed once. */
export async function handleMessage(raw: Buffer, uid: number | null, deps: HandleDeps, parsed?: ParsedMail | null): Promise<Handled> {
	const now = deps.now?.() ?? new Date();
	const mail = parsed !== undefined ? parsed : await parseMail(raw);
	if (!mail) {
		deps.log('warn', 'reply-rejected', { uid, reasons: ['parse-error'] });
		recordOutcome(deps.paths, { uid, accepted: false, reasons: ['parse-error'] });
		return { decision: null, ours: false, typed: false, reasons: ['parse-error'] };
	}
	const processed = readProcessed(deps.paths);
	const decided = decideReply(mail, {
		config: deps.config,
		findSession: (token) => loadSession(deps.paths.sessionsDir, token),
		isProcessed: (id) => id in processed,
		now,
		raw,
	});
	// Rate limits, probable duplicates and confirmation codes: the checks that remember earlier mail.
	const decision = guardDecision(decided, { paths: deps.paths, config: deps.config, now });
	const reasons = [...decision.reasons];
	let typed = false;
	let summary = '';
	const logFields = { uid, from: decision.from, token: decision.token ? redactToken(decision.token) : null, sender: decision.sender.check };

	if (decision.accepted && decision.session && decision.messageId && decision.text) {
		// Intent first: if we crash while typing, the restarted watcher sees `typing` and never types again.
		recordProcessed(deps.paths, decision.messageId, { at: now.toISOString(), uid, state: 'typing', accepted: true, reasons: [] }, now);
		const result = await actOnReply(decision.session, decision.text, { allowAlways: deps.config.allowAlways }, { ...deps.inject, enterDelayMs: deps.config.enterDelayMs });
		summary = result.ok ? result.summary : result.detail;
		if (result.ok) {
			typed = true;
			recordTypedText(deps.paths, decision, now);
		} else reasons.push(result.reason);
		recordProcessed(deps.paths, decision.messageId, { at: now.toISOString(), uid, state: 'done', accepted: result.ok, reasons }, now);
		deps.log(result.ok ? 'info' : 'warn', result.ok ? 'reply-typed' : 'reply-not-typed', { ...logFields, pane: decision.session.tmux?.pane, confirmed: result.ok ? result.confirmed : undefined, reasons });
	} else {
		if (decision.messageId && !reasons.includes('duplicate-message-id')) {
			recordProcessed(deps.paths, decision.messageId, { at: now.toISOString(), uid, state: 'done', accepted: false, reasons }, now);
		}
		deps.log('warn', 'reply-rejected', { ...logFields, reasons });
	}
	recordOutcome(deps.paths, { ...logFields, accepted: typed, reasons });

	if (decision.answerable && decision.from) {
		const language = pickLanguage(deps.config.language);
		const body = typed ? summary : [...reasons.map((code) => `- ${describeReasonIn(language, code, describeReason)}`), ...(summary ? [`  (${summary})`] : []), ...(decision.note ? ['', decision.note] : [])].join('\n');
		deps.answer(composeAnswer({ ...decision, from: decision.from }, deps.config, typed, body));
	}
	return { decision, ours: decision.session !== null, typed, reasons };
}
