/**
 * The edge of guards.ts: its state lives in guard.json (0600, in the 0700
 * state dir) beside the watcher's other state. Pending confirmations keep the
 * text to type; sessions are keyed by a hash of the token, never the token.
 */
import { join } from 'node:path';
import type { Config } from '../config/validate.js';
import { readJsonFile, writeFileAtomic } from '../fs/atomic.js';
import type { Paths } from '../fs/paths.js';
import { tokenKey } from '../session/token.js';
import type { Decision } from './decide.js';
import { applyGuards, emptyGuardState, recordTyped, type GuardSettings, type GuardState } from './guards.js';

const guardFile = (paths: Paths): string => join(paths.stateDir, 'guard.json');

function readGuardState(paths: Paths): GuardState {
	try {
		return { ...emptyGuardState(), ...readJsonFile<Partial<GuardState>>(guardFile(paths), {}) };
	} catch {
		// A corrupt file must not stop the watcher; starting afresh only forgets recent counts.
		return emptyGuardState();
	}
}

const settingsOf = (config: Partial<Config>): GuardSettings => ({
	ratePerSender: config.ratePerSender ?? 30,
	ratePerSession: config.ratePerSession ?? 10,
	rateWindowMinutes: config.rateWindowMinutes ?? 10,
	duplicateWindowSeconds: config.duplicateWindowSeconds ?? 120,
	confirmByCode: config.confirmByCode ?? false,
});

/**
 * Rate limits, probable duplicates and confirmation codes applied to a
 * decision. `record: false` (inspect) reads the state but writes nothing.
 */
export function guardDecision(decision: Decision, deps: { paths: Paths; config: Partial<Config>; now: Date; record?: boolean }): Decision {
	const sessionKey = decision.session ? tokenKey(decision.session.token) : null;
	const { decision: guarded, state } = applyGuards(
		{ ...decision, sessionKey, dialog: Boolean(decision.session?.dialog) },
		readGuardState(deps.paths),
		settingsOf(deps.config),
		deps.now.getTime(),
	);
	if (deps.record !== false) writeFileAtomic(guardFile(deps.paths), JSON.stringify(state));
	return { ...decision, text: guarded.text, reasons: guarded.reasons, accepted: guarded.accepted, answerable: guarded.answerable, note: guarded.note };
}

/** After a text was typed into a session: the same text again soon is held as a probable duplicate. */
export function recordTypedText(paths: Paths, decision: Decision, now: Date): void {
	if (!decision.session || decision.text === null) return;
	writeFileAtomic(guardFile(paths), JSON.stringify(recordTyped(readGuardState(paths), tokenKey(decision.session.token), decision.text, now.getTime())));
}
