import type { Config } from '../config/validate.js';
import { injectReply, type InjectDeps } from '../inject/inject.js';
import type { Logger } from '../fs/log.js';
import { describeReasonIn } from '../mail/i18n.js';
import { escapeHtml, pickLanguage, type OutgoingMail } from '../mail/compose.js';
import type { Paths } from '../fs/paths.js';
import { loadSession } from '../session/store.js';
import { redactToken } from '../session/token.js';
import { composeAnswer, recordOutcome } from './answer.js';
import type { Decision } from '../verify/decide.js';
import { QUEUE_TEXTS } from './queue-texts.js';
import { wasSubmitted } from './reconcile.js';
import { listPane, listQueue, paneKeyOf, putQueued, queuedPanes, queueIdFor, removeQueued, writeQueued, type QueuedReply } from './reply-queue.js';
import { readProcessed, recordProcessed } from '../state/processed.js';

/**
 * Types queued replies: per pane, oldest arrival first, one per idle prompt
 * with an empty input box, never into a dialog, each confirmed, within its
 * token's lifetime. The intent (`typing` in the processed map) is recorded
 * just before the text goes in, so a crash never types a reply twice: on
 * restart Claude's transcript says whether it was submitted. A crash before
 * that leaves the reply queued, and it is typed once after the restart.
 */
export interface ReplyQueueDeps {
	paths: Paths;
	config: Pick<Config, 'enterDelayMs' | 'language' | 'emailFrom'>;
	log: Logger;
	answer: (mail: OutgoingMail) => void;
	inject: Omit<InjectDeps, 'enterDelayMs' | 'busyWaitMs' | 'beforeTyping'>;
	now?: () => Date;
	pollMs?: number;
}

export interface ReplyQueue {
	/** Queues a verified prompt reply and tries its pane at once: typed now, or queued (the sender is told). */
	accept(decision: Decision, meta: { uid: number | null; arrivedAt: Date; outcome?: Record<string, unknown> }): Promise<'typed' | 'queued' | 'refused'>;
	/** Settles replies whose typing a crash interrupted. Call once, before start(). */
	recover(): void;
	start(): void;
	stop(): Promise<void>;
}

/** Not ready yet: the reply keeps its place. Every other refusal from the pane is final. */
const WAIT = new Set(['claude-busy', 'input-not-empty', 'dialog-open']);
/** A reply that arrived in time but was handled late (an outage) still gets this long to be typed. */
const BACKLOG_GRACE_MS = 30 * 60_000;

type Attempt = { entry: QueuedReply; outcome: 'typed' | 'refused' } | { entry: QueuedReply; outcome: 'waiting'; reason: string };

export function createReplyQueue(deps: ReplyQueueDeps): ReplyQueue {
	const { paths, config, log } = deps;
	const clock = deps.now ?? (() => new Date());
	const language = pickLanguage(config.language);
	let chain: Promise<unknown> = Promise.resolve();
	let timer: NodeJS.Timeout | null = null;
	/** The handler's own fields (bytes read …) for the first outcome line of a reply accepted by this process. */
	const outcomeExtras = new Map<string, Record<string, unknown>>();
	const takeExtras = (entry: QueuedReply) => {
		const extra = outcomeExtras.get(entry.id) ?? {};
		outcomeExtras.delete(entry.id);
		return extra;
	};
	/** One piece of queue work at a time: the watcher's mail handling and the poll never type concurrently. */
	const serial = <T>(work: () => Promise<T>): Promise<T> => {
		const next = chain.then(work, work);
		chain = next.catch(() => undefined);
		return next;
	};

	function settle(entry: QueuedReply, typed: boolean, reasons: string[], detail = ''): void {
		const now = clock();
		recordProcessed(paths, entry.messageId, { at: now.toISOString(), uid: entry.uid, state: 'done', accepted: typed, reasons }, now);
		removeQueued(paths, entry);
		const fields = { uid: entry.uid, from: entry.from, token: redactToken(entry.session.token) };
		log(typed ? 'info' : 'warn', typed ? 'reply-typed' : 'reply-not-typed', { ...fields, pane: entry.session.tmux?.pane, queued: Boolean(entry.noticeSent), reasons });
		recordOutcome(paths, { ...fields, ...takeExtras(entry), accepted: typed, reasons, typed, queued: false, fromQueue: Boolean(entry.noticeSent), trusted: true, answered: entry.answerable ? 'mail' : 'none' });
		if (!entry.answerable) return;
		const body = typed ? entry.text : [...reasons.map((code) => `- ${describeReasonIn(language, code)}`), ...(detail ? [`  (${detail})`] : [])].join('\n');
		deps.answer(composeAnswer({ subject: entry.subject, messageId: entry.messageId, session: entry.session, from: entry.from }, config, typed, body));
	}

	/** One look at a pane: its oldest reply is typed, refused for good, or left waiting. */
	async function attemptPane(paneKey: string): Promise<Attempt | null> {
		const [head] = listPane(paths, paneKey);
		if (!head) return null;
		// The live record, when the session still has one: its lifetime is refreshed by every turn.
		const live = loadSession(paths.sessionsDir, head.session.token) ?? head.session;
		const deadline = Math.max(Date.parse(head.deadline), Date.parse(live.expiresAt));
		if (clock().getTime() > deadline) {
			settle(head, false, ['expired-while-queued']);
			return { entry: head, outcome: 'refused' };
		}
		const result = await injectReply(live, head.text, {
			...deps.inject,
			enterDelayMs: config.enterDelayMs,
			busyWaitMs: 0,
			// The intent, as for every reply (state.ts): a crash from here on is settled from the transcript, never retyped.
			beforeTyping: () => recordProcessed(paths, head.messageId, { at: clock().toISOString(), uid: head.uid, state: 'typing', accepted: true, reasons: [] }, clock()),
		});
		if (!result.ok && WAIT.has(result.reason)) return { entry: head, outcome: 'waiting', reason: result.reason };
		if (result.ok) settle(head, true, []);
		else settle(head, false, [result.reason], result.detail);
		return { entry: head, outcome: result.ok ? 'typed' : 'refused' };
	}

	/** Works a pane until a reply is typed (one per idle prompt) or the head has to wait. */
	async function workPane(paneKey: string): Promise<Attempt | null> {
		for (;;) {
			const attempt = await attemptPane(paneKey);
			if (!attempt || attempt.outcome !== 'refused') return attempt;
		}
	}

	function tellQueued(entry: QueuedReply, why: string, ahead: number): void {
		const texts = QUEUE_TEXTS[language];
		const reason = why in texts.waitingFor ? texts.waitingFor[why as keyof typeof texts.waitingFor] : texts.waitingFor['claude-busy'];
		const body = [texts.queuedHead, '', reason, ...(ahead > 0 ? [texts.ahead(ahead)] : []), texts.until(entry.deadline), '', entry.text].join('\n');
		const fields = { uid: entry.uid, from: entry.from, token: redactToken(entry.session.token) };
		log('info', 'reply-queued', { ...fields, pane: entry.session.tmux?.pane, why, ahead });
		recordOutcome(paths, { ...fields, ...takeExtras(entry), accepted: true, reasons: [], typed: false, queued: true, waitingFor: why, trusted: true, answered: entry.answerable ? 'mail' : 'none' });
		writeQueued(paths, { ...entry, noticeSent: true });
		if (!entry.answerable) return;
		// Threaded like every answer; its own words instead of "typed" / "not typed".
		const mail = composeAnswer({ subject: entry.subject, messageId: entry.messageId, session: entry.session, from: entry.from }, config, true, body);
		deps.answer({ ...mail, text: `${body}\n`, html: `<pre style="white-space:pre-wrap;font-family:inherit">${escapeHtml(body)}</pre>` });
	}

	return {
		async accept(decision, meta) {
			const session = decision.session!;
			const now = clock();
			const entry = putQueued(paths, {
				id: queueIdFor(meta.arrivedAt, meta.uid, decision.messageId!),
				messageId: decision.messageId!,
				uid: meta.uid,
				from: decision.from!,
				subject: decision.subject,
				answerable: decision.answerable,
				session,
				text: decision.text!,
				arrivedAt: meta.arrivedAt.toISOString(),
				queuedAt: now.toISOString(),
				deadline: new Date(Math.max(Date.parse(session.expiresAt), now.getTime() + BACKLOG_GRACE_MS)).toISOString(),
			});
			recordProcessed(paths, entry.messageId, { at: now.toISOString(), uid: meta.uid, state: 'queued', accepted: true, reasons: [] }, now);
			if (meta.outcome) outcomeExtras.set(entry.id, meta.outcome);
			return serial(async () => {
				const paneKey = paneKeyOf(session);
				const attempt = await workPane(paneKey);
				if (attempt?.entry.id === entry.id && attempt.outcome !== 'waiting') return attempt.outcome;
				if (attempt?.entry.id === entry.id && attempt.outcome === 'waiting' && attempt.reason === 'dialog-open') {
					// A dialog is open now and nothing waits before this reply: it cannot be meant for the dialog,
					// and Claude's turn is not its to finish. Refused at once (answer the dialog first), as ever.
					// A reply already queued when a dialog opens keeps waiting: it was sent for after the turn.
					settle(entry, false, ['dialog-open']);
					return 'refused';
				}
				const waiting = listPane(paths, paneKey);
				const position = waiting.findIndex((queued) => queued.id === entry.id);
				if (position < 0) return 'refused'; // settled meanwhile (cannot happen in one process; kept safe)
				const why = attempt?.entry.id === entry.id && attempt.outcome === 'waiting' ? attempt.reason : position > 0 ? 'behind' : 'claude-busy';
				tellQueued(waiting[position]!, why, position);
				return 'queued';
			});
		},
		recover() {
			const processed = readProcessed(paths);
			for (const entry of listQueue(paths)) {
				const intent = processed[entry.messageId];
				if (intent?.state !== 'typing') continue;
				const submitted = wasSubmitted(entry.session.transcriptPath, entry.text, new Date(intent.at));
				log('warn', 'reply-reconciled', { uid: entry.uid, from: entry.from, token: redactToken(entry.session.token), typed: submitted });
				if (submitted) settle(entry, true, []);
				else settle(entry, false, ['typing-interrupted']);
			}
		},
		start() {
			if (timer) return;
			let busy = false;
			timer = setInterval(() => {
				if (busy) return;
				const panes = queuedPanes(paths);
				if (panes.length === 0) return;
				busy = true;
				void serial(async () => {
					for (const pane of panes) await workPane(pane).catch((error: Error) => log('error', 'queue-failed', { error: error.message }));
				}).finally(() => (busy = false));
			}, deps.pollMs ?? 250);
			timer.unref();
		},
		async stop() {
			if (timer) clearInterval(timer);
			timer = null;
			await chain;
		},
	};
}
