import { readJsonFile } from '../fs/atomic.js';
import { SESSION_START } from '../claude/hook-events.js';
import { resolvePaths } from '../fs/paths.js';
import { readWatcher } from '../state/liveness.js';
import { findHookProblem, firstWarning } from './health.js';
import { runHook } from './run.js';
import { startWatcherIfNeeded } from './session-start.js';

/** Files the hook entry (hooks/taskping-hook.js) passes in, all inside hooks/bundle/. */
export interface HookEntries {
	/** The detached outbox sender (send.mjs). */
	senderEntry?: string;
	/** The CLI that a SessionStart runs as `watch` (taskping.mjs). */
	watcherEntry?: string;
}

const sessionOf = (stdin: string): string => {
	try {
		const id = (JSON.parse(stdin) as { session_id?: unknown }).session_id;
		return typeof id === 'string' ? id : '';
	} catch {
		return '';
	}
};

/**
 * Everything a hook invocation does; returns what the hook prints on stdout
 * (Claude Code's hook JSON) or '' for nothing. TASKPING=0 makes it a no-op,
 * for one session or one shell (husky's HUSKY=0).
 */
export function handleHook(stdin: string, env: NodeJS.ProcessEnv, eventArg: string | undefined, entries: HookEntries = {}): string {
	if (env.TASKPING === '0') return '';
	const paths = resolvePaths(env);
	const stored = readJsonFile<Record<string, unknown>>(paths.configFile, {});
	if (eventArg === SESSION_START) {
		startWatcherIfNeeded(paths, stored, env, entries.watcherEntry);
	} else {
		runHook(stdin, env, eventArg, { senderEntry: entries.senderEntry });
	}
	const problem = findHookProblem(stored, env, Boolean(readWatcher(paths)?.responding), entries.senderEntry);
	if (!problem || !firstWarning(paths, sessionOf(stdin), problem.code)) return '';
	return JSON.stringify({ systemMessage: problem.message });
}
