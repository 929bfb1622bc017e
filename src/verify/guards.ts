/**
 * The checks that need memory across mails, as pure functions over one state
 * object (guard-store.ts keeps it on disk): rate limits per sender and per
 * session, the same text again within a short window, and the one-time codes
 * of "confirm by code". Only mail from authenticated whitelisted senders is
 * counted, so forged mail cannot use up the user's allowance.
 */
import { createHash } from 'node:crypto';
import { CODE_MAX_TRIES, CODE_TTL_MS, codeMatches, formatCode, generateCode, hashCode, readCode } from './confirm-code.js';

export interface GuardState {
	/** Mail from trusted senders: `attempt` when it would have been typed. */
	mails: Array<{ at: number; sender: string; session: string | null; attempt: boolean }>;
	/** Hashes of texts typed, per session. */
	typed: Array<{ at: number; hash: string }>;
	pending: Array<{ session: string; sender: string; codeHash: string; salt: string; text: string; at: number; tries: number }>;
	/** When a rate-limit refusal was last answered, per key: a flood gets one answer, not one each. */
	answered: Record<string, number>;
}

export interface GuardSettings {
	ratePerSender: number;
	ratePerSession: number;
	rateWindowMinutes: number;
	duplicateWindowSeconds: number;
	confirmByCode: boolean;
}

/** The part of a Decision the guards read and change. */
export interface Guarded {
	from: string | null;
	trusted: boolean;
	text: string | null;
	reasons: string[];
	accepted: boolean;
	answerable: boolean;
	note: string | null;
	/** Session key (a hash of the token, never the token) and whether it is a dialog. */
	sessionKey: string | null;
	dialog: boolean;
}

const CONFIRMABLE = new Set(['denied-pattern', 'slash-command', 'probable-duplicate']);
const MAX_ENTRIES = 2000;

export const emptyGuardState = (): GuardState => ({ mails: [], typed: [], pending: [], answered: {} });

const textHash = (sessionKey: string, text: string): string => createHash('sha256').update(`${sessionKey}\0${text.trim()}`).digest('hex');

/** Apply every guard to one decided mail; returns the changed decision and the next state. */
export function applyGuards(input: Guarded, before: GuardState, settings: GuardSettings, now: number, makeCode = generateCode): { decision: Guarded; state: GuardState } {
	const state = pruneState(before, settings, now);
	const decision: Guarded = { ...input, reasons: [...input.reasons] };
	if (!decision.trusted || decision.from === null) return { decision, state };
	const { from, sessionKey } = decision;
	const windowStart = now - settings.rateWindowMinutes * 60_000;
	const recent = state.mails.filter((mail) => mail.at >= windowStart);
	if (recent.filter((mail) => mail.sender === from).length >= settings.ratePerSender) decision.reasons.push('rate-limited-sender');

	let confirmed = false;
	const pending = sessionKey ? state.pending.find((p) => p.session === sessionKey && p.sender === from) : undefined;
	const code = decision.text !== null ? readCode(decision.text) : null;
	if (pending && code !== null && decision.reasons.length === 0) {
		if (codeMatches(code, pending.salt, pending.codeHash)) {
			decision.text = pending.text;
			confirmed = true;
			state.pending = state.pending.filter((p) => p !== pending);
		} else {
			pending.tries += 1;
			if (pending.tries >= CODE_MAX_TRIES) state.pending = state.pending.filter((p) => p !== pending);
			decision.reasons.push('wrong-code');
		}
	}
	if (sessionKey && decision.text !== null && !confirmed) {
		const hash = textHash(sessionKey, decision.text);
		const since = now - settings.duplicateWindowSeconds * 1000;
		if (state.typed.some((entry) => entry.hash === hash && entry.at >= since)) decision.reasons.push('probable-duplicate');
	}
	const wouldType = decision.reasons.length === 0 && decision.text !== null && sessionKey !== null;
	if (wouldType && recent.filter((mail) => mail.session === sessionKey && mail.attempt).length >= settings.ratePerSession) decision.reasons.push('rate-limited-session');
	state.mails.push({ at: now, sender: from, session: sessionKey, attempt: wouldType && decision.reasons.length === 0 });

	if (settings.confirmByCode && sessionKey && !decision.dialog && decision.text !== null && decision.reasons.length > 0 && decision.reasons.every((r) => CONFIRMABLE.has(r))) {
		const fresh = makeCode();
		const salt = createHash('sha256').update(`${sessionKey}\0${from}\0${now}`).digest('hex').slice(0, 16);
		state.pending = state.pending.filter((p) => !(p.session === sessionKey && p.sender === from));
		state.pending.push({ session: sessionKey, sender: from, codeHash: hashCode(fresh, salt), salt, text: decision.text, at: now, tries: 0 });
		decision.reasons.push('needs-confirmation');
		const quoted = decision.text.split('\n').map((line) => `  | ${line}`).join('\n');
		decision.note = `To type it anyway, reply to this mail with only this code within ${CODE_TTL_MS / 60_000} minutes:\n\n    ${formatCode(fresh)}\n\nThe text that would be typed:\n${quoted}`;
	}
	const limited = decision.reasons.find((r) => r.startsWith('rate-limited'));
	if (limited) {
		const key = `${limited}:${limited === 'rate-limited-sender' ? from : sessionKey}`;
		if ((state.answered[key] ?? 0) >= windowStart) decision.answerable = false;
		else state.answered[key] = now;
	}
	decision.accepted = decision.accepted && decision.reasons.length === 0;
	if (confirmed) decision.accepted = decision.reasons.length === 0 && decision.text !== null;
	return { decision, state };
}

/** Remember a typed text, so the same text again within the window is held. */
export function recordTyped(before: GuardState, sessionKey: string, text: string, now: number): GuardState {
	return { ...before, typed: [...before.typed, { at: now, hash: textHash(sessionKey, text) }].slice(-MAX_ENTRIES) };
}

function pruneState(state: GuardState, settings: GuardSettings, now: number): GuardState {
	const keepFrom = now - Math.max(settings.rateWindowMinutes * 60_000, settings.duplicateWindowSeconds * 1000, CODE_TTL_MS);
	return {
		mails: (state.mails ?? []).filter((m) => m.at >= keepFrom).slice(-MAX_ENTRIES),
		typed: (state.typed ?? []).filter((t) => t.at >= keepFrom).slice(-MAX_ENTRIES),
		pending: (state.pending ?? []).filter((p) => p.at >= now - CODE_TTL_MS).map((p) => ({ ...p })),
		answered: Object.fromEntries(Object.entries(state.answered ?? {}).filter(([, at]) => at >= keepFrom)),
	};
}
