import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { FIELDS, getPath } from '../config/fields.js';
import type { Paths } from '../fs/paths.js';

/**
 * Why a hook cannot get a notification out, said where the user sees it:
 * Claude Code shows a hook's JSON `systemMessage`. A hook still exits 0 —
 * silence was the old failure mode, a failing hook is not the fix.
 */
export interface HookProblem {
	code: 'not-configured' | 'no-sender' | 'bundle-missing';
	message: string;
}

const SETUP_HINT = 'run /taskping:setup in Claude Code, or taskping init in a terminal';

/** The first required setting that neither the config file nor the environment sets (a password command counts as the password). */
export function missingSetting(stored: Record<string, unknown>, env: NodeJS.ProcessEnv): string | null {
	for (const field of FIELDS.filter((f) => f.required)) {
		const set = (key: string, name: string) => (env[name] ?? '') !== '' || ![undefined, null, ''].includes(getPath(stored, key) as string);
		if (set(field.key, field.env)) continue;
		if (field.type === 'secret' && set(`${field.key.split('.')[0]}.passCommand`, `${field.env}_COMMAND`)) continue;
		return field.env;
	}
	return null;
}

/** What keeps this hook's mail from going out, or null when it can. */
export function findHookProblem(stored: Record<string, unknown>, env: NodeJS.ProcessEnv, watcherUp: boolean, senderEntry: string | undefined): HookProblem | null {
	const missing = missingSetting(stored, env);
	if (missing) return { code: 'not-configured', message: `TaskPing is not set up (${missing} is not set), so no notification is mailed: ${SETUP_HINT}. (TASKPING=0 silences TaskPing for a session.)` };
	if (!watcherUp && !(senderEntry && existsSync(senderEntry))) {
		return { code: 'no-sender', message: `TaskPing: no watcher runs and the sender ${senderEntry ?? '(none)'} is missing, so notifications wait in the outbox: start one with taskping watch (or taskping service install).` };
	}
	return null;
}

const WARNED_MAX_AGE_MS = 7 * 24 * 3600_000;

/** True the first time `code` is reported for this Claude session (a marker file per session and problem). */
export function firstWarning(paths: Paths, sessionId: string, code: string, now = Date.now()): boolean {
	const dir = join(paths.stateDir, 'hook-warned');
	const name = `${createHash('sha256').update(`${sessionId}|${code}`).digest('hex').slice(0, 24)}`;
	try {
		mkdirSync(dir, { recursive: true, mode: 0o700 });
		closeSync(openSync(join(dir, name), 'wx', 0o600));
	} catch {
		return false; // already said in this session (or the state folder is unwritable: better quiet than every turn)
	}
	for (const old of readdirSync(dir)) {
		try {
			if (now - statSync(join(dir, old)).mtimeMs > WARNED_MAX_AGE_MS) unlinkSync(join(dir, old));
		} catch {
			// removed by another hook
		}
	}
	return true;
}
