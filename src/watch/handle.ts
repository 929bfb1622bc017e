import { simpleParser, type ParsedMail } from 'mailparser';
import type { Config } from '../config/validate.js';
import type { Logger } from '../fs/log.js';
import type { Paths } from '../fs/paths.js';
import type { InjectDeps } from '../inject/inject.js';
import { actOnReply } from '../inject/act.js';
import { promptWithPictures } from '../inject/pictures.js';
import { pickLanguage, type OutgoingMail } from '../mail/compose.js';
import { composeAnswer, recordOutcome } from './answer.js';
import { loadSession } from '../session/store.js';
import { redactToken } from '../session/token.js';
import { decideHeaders, type DecideContext, type Decision } from '../verify/decide.js';
import { BODY_CHECKS, decideBody, oversizedTextPart, type MailPart } from '../verify/decide-body.js';
import { cutHeaderBlock, HEADER_LIMIT, isWholeHeaderBlock } from './header-block.js';
import { guardDecision, recordTypedText } from '../verify/guard-store.js';
import { describeReasonIn } from '../mail/i18n.js';
import { readProcessed, recordProcessed } from '../state/processed.js';
import { arrivalOf } from './arrival.js';
import { addToDigest, belongsInDigest } from './digest.js';
import type { ReplyQueue } from './queue-worker.js';

export interface HandleDeps {
	paths: Paths;
	config: Config;
	log: Logger;
	inject: Omit<InjectDeps, 'enterDelayMs'>;
	/** Queues an answer mail (confirmation or rejection reason). */
	answer: (mail: OutgoingMail) => void;
	/** Where verified prompt replies wait for their pane (the watcher's); without it they are typed at once or refused. */
	queue?: ReplyQueue;
	now?: () => Date;
}

export interface Handled {
	decision: Decision | null;
	/** True when the mail carried one of this machine's tokens: the caller may flag it \Seen. */
	ours: boolean;
	typed: boolean;
	reasons: string[];
	counts: ReadCounts;
}

/**
 * Parses with every parser error caught: hostile mail must never stop the watcher.
 * No HTML-to-text: the reply reader builds its own reading of the HTML (body.ts),
 * so mailparser's would be work thrown away (a second of it for 1 MB of tags).
 */
export async function parseMail(raw: Buffer | string): Promise<ParsedMail | null> {
	try {
		return await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipHtmlToText: true, maxHtmlLengthToParse: 2 * 1024 * 1024 });
	} catch {
		return null;
	}
}

/** One new mail as the watcher sees it before reading it: its bounded header block and its size. */
export interface IncomingMail {
	uid: number | null;
	/** The header block as fetched: at most HEADER_LIMIT bytes (header-block.ts). */
	header: Buffer;
	/** The whole mail's size in bytes. */
	size: number;
	/** IMAP INTERNALDATE: when the receiving server got it. The mail is judged as at this time (arrival.ts). */
	internalDate?: Date | null;
	/** Fetches the whole mail; called only for mail that passed the header stage. */
	readBody: () => Promise<Buffer | null>;
	/** The MIME parts as the server describes them (IMAP BODYSTRUCTURE), before the body is fetched; absent when unknown. */
	readParts?: () => Promise<MailPart[] | null>;
}

/** How much of a mail was read (the tests count it: an outsider's body is never fetched) and how long deciding took. */
export interface ReadCounts { headerBytes: number; bodyBytes: number; checkMs?: number }

/** Per-mail time budget for parsing and checking the body; a mail over it is refused as `too-complex`. */
export const BODY_BUDGET_MS = 3000;

/** A whole mail already in memory (tests, the hostile corpus): the same path as the watcher's. */
export async function handleMessage(raw: Buffer, uid: number | null, deps: HandleDeps): Promise<Handled> {
	const header = cutHeaderBlock(raw) ?? raw.subarray(0, HEADER_LIMIT);
	return handleMail({ uid, header, size: raw.length, readBody: async () => raw }, deps);
}

/**
 * Header stage first; the body is fetched and parsed only for a whitelisted,
 * authenticated sender with a live token. `parsedHeader`: the caller's parse
 * of `incoming.header` when it already made one (the watcher does).
 */
export async function handleMail(incoming: IncomingMail, deps: HandleDeps, parsedHeader?: ParsedMail | null): Promise<Handled> {
	const handledAt = deps.now?.() ?? new Date();
	// Token expiry, rate and duplicate windows go by arrival, so a backlog is judged as it was sent.
	const now = arrivalOf({ internalDate: incoming.internalDate, handledAt }).at;
	const started = performance.now();
	const { uid } = incoming;
	const counts: ReadCounts = { headerBytes: incoming.header.length, bodyBytes: 0 };
	const whole = isWholeHeaderBlock(incoming.header);
	const head = !whole ? null : parsedHeader !== undefined ? parsedHeader : await parseMail(incoming.header);
	if (!head) return refuseUnread(uid, whole ? 'parse-error' : 'too-complex', counts, deps);
	const processed = readProcessed(deps.paths);
	const context: DecideContext = {
		config: deps.config,
		findSession: (token) => loadSession(deps.paths.sessionsDir, token),
		isProcessed: (id) => id in processed,
		interrupted: (id) => processed[id]?.state === 'checking',
		now,
		size: incoming.size,
	};
	let decided = decideHeaders(head, context);
	if (decided.skipped.length === 0) decided = await readAndDecideBody(incoming, decided, context, counts, deps);
	// Rate limits, probable duplicates and confirmation codes: the checks that remember earlier mail.
	// They count trusted senders only, so a stranger's flood costs them not even a write.
	const decision = decided.trusted ? guardDecision(decided, { paths: deps.paths, config: deps.config, now }) : decided;
	counts.checkMs = Math.round(performance.now() - started);
	// What reading this mail cost, for mail whose body was read (outcomes of queued replies are written by the queue).
	if (counts.bodyBytes > 0) deps.log('info', 'mail-read', { uid, ...counts });
	return settle(decision, uid, counts, { now, handledAt }, deps);
}

/**
 * The heavy part, for trusted mail only. Recorded as `checking` first: if the
 * watcher dies in here (a crash, a kill, the OOM killer), the restarted one
 * finds the entry and refuses the mail as `too-complex` instead of hanging on it again.
 */
async function readAndDecideBody(incoming: IncomingMail, decided: Decision, context: DecideContext, counts: ReadCounts, deps: HandleDeps): Promise<Decision> {
	if (decided.messageId) recordProcessed(deps.paths, decided.messageId, { at: new Date().toISOString(), uid: incoming.uid, state: 'checking', accepted: false, reasons: [] });
	// A text part over the limit is refused from the server's description, unread: fetching
	// and decoding 10 MB only to refuse it would cost more than the whole budget.
	const parts = (await incoming.readParts?.()) ?? null;
	if (parts && oversizedTextPart(parts)) return { ...decided, reasons: [...decided.reasons, 'too-complex'], skipped: [...BODY_CHECKS] };
	const raw = await incoming.readBody();
	counts.bodyBytes = raw?.length ?? 0;
	const deadline = performance.now() + BODY_BUDGET_MS;
	if (!raw) return { ...decided, reasons: [...decided.reasons, 'mail-gone'], skipped: [...BODY_CHECKS] };
	const mail = await parseMail(raw);
	if (!mail) return { ...decided, reasons: [...decided.reasons, 'parse-error'], skipped: [...BODY_CHECKS] };
	return decideBody(mail, decided, { ...context, raw, deadline });
}

/** A mail whose headers could not be read at all: nobody to answer, nothing to record by Message-ID. */
function refuseUnread(uid: number | null, reason: string, counts: ReadCounts, deps: HandleDeps): Handled {
	counts.checkMs = 0;
	deps.log('warn', 'reply-rejected', { uid, reasons: [reason], ...counts });
	recordOutcome(deps.paths, { uid, accepted: false, reasons: [reason], ...counts });
	return { decision: null, ours: false, typed: false, reasons: [reason], counts };
}

/** `now`: the arrival time decisions were judged at; `handledAt`: the wall clock, for records. */
async function settle(decided: Decision, uid: number | null, counts: ReadCounts, { now, handledAt }: { now: Date; handledAt: Date }, deps: HandleDeps): Promise<Handled> {
	let decision = decided;
	let typed = false;
	let summary = '';
	const logFields = { uid, from: decision.from, token: decision.token ? redactToken(decision.token) : null, sender: decision.sender.check };
	const kind = { trusted: decision.trusted, automated: decision.automated };

	if (decision.accepted && decision.text && decision.pictures.length) {
		// Pictures are saved and mentioned (@path) in the prompt only now, for a reply that will be typed or queued.
		const prompt = promptWithPictures(deps.paths.stateDir, decision.text, decision.pictures, handledAt);
		if ('text' in prompt) decision = { ...decision, text: prompt.text };
		else decision = { ...decision, accepted: false, reasons: [...decision.reasons, prompt.reason], details: [...decision.details, prompt.detail] };
	}
	const reasons = [...decision.reasons];
	if (deps.queue && decision.accepted && decision.session && !decision.session.dialog && decision.messageId && decision.text) {
		// A prompt waits its turn in the pane's queue; the queue types it, records it and answers.
		recordTypedText(deps.paths, decision, now);
		const result = await deps.queue.accept(decision, { uid, arrivedAt: now, outcome: { sender: decision.sender.check, ...counts } });
		return { decision, ours: true, typed: result === 'typed', reasons, counts };
	}

	if (decision.accepted && decision.session && decision.messageId && decision.text) {
		// Intent first: if we crash while typing, the restarted watcher sees `typing` and never types again.
		recordProcessed(deps.paths, decision.messageId, { at: handledAt.toISOString(), uid, state: 'typing', accepted: true, reasons: [] }, handledAt);
		const result = await actOnReply(decision.session, decision.text, { allowAlways: deps.config.allowAlways }, { ...deps.inject, enterDelayMs: deps.config.enterDelayMs }, { setAside: decision.setAside, sender: decision.from ?? undefined });
		summary = result.ok ? result.summary : result.detail;
		if (result.ok) {
			typed = true;
			recordTypedText(deps.paths, decision, now);
		} else reasons.push(result.reason);
		recordProcessed(deps.paths, decision.messageId, { at: handledAt.toISOString(), uid, state: 'done', accepted: result.ok, reasons }, handledAt);
		deps.log(result.ok ? 'info' : 'warn', result.ok ? 'reply-typed' : 'reply-not-typed', { ...logFields, pane: decision.session.tmux?.pane, confirmed: result.ok ? result.confirmed : undefined, reasons });
	} else {
		// A stranger's mail refused on its headers is not remembered: refusing it again costs the same
		// as looking it up, and a flood then costs no fsync and no memory.
		const remembered = decision.trusted || decision.skipped.length === 0;
		if (decision.messageId && remembered && !reasons.includes('duplicate-message-id')) {
			recordProcessed(deps.paths, decision.messageId, { at: handledAt.toISOString(), uid, state: 'done', accepted: false, reasons }, handledAt);
		}
		deps.log('warn', 'reply-rejected', { ...logFields, reasons });
	}
	// Not answered one by one (a flood, a forgery trick from the user's own domain): listed in one digest per window.
	const digested = !typed && belongsInDigest(decision);
	if (digested) addToDigest(deps.paths, decision.from!, { messageId: decision.messageId, subject: decision.subject, firstLine: decision.text?.split('\n').find((line) => line.trim()) ?? '', reasons, arrivedAt: now.toISOString() }, (deps.config.rateWindowMinutes ?? 10) * 60_000, handledAt);
	const answered = decision.answerable && decision.from ? 'mail' : digested ? 'digest' : 'none';
	recordOutcome(deps.paths, { ...logFields, ...kind, accepted: typed, reasons, typed, queued: false, answered, replay: reasons.includes('duplicate-message-id') || undefined, ...counts });

	if (decision.answerable && decision.from) {
		const language = pickLanguage(deps.config.language);
		const body = typed ? summary : [...reasons.map((code) => `- ${describeReasonIn(language, code)}`), ...(summary ? [`  (${summary})`] : []), ...(decision.note ? ['', decision.note] : [])].join('\n');
		deps.answer(composeAnswer({ ...decision, from: decision.from }, deps.config, typed, body));
	}
	return { decision, ours: decision.session !== null, typed, reasons, counts };
}
