import type { SessionRecord } from '../session/store.js';
import { canCheckAncestry, isDescendant, readClaudeStatuses, type ClaudeStatus } from './claude-state.js';
import { findPane, pasteText, pressKeys, type RunTmux } from './tmux.js';

export type InjectResult = { ok: true; confirmed: boolean } | { ok: false; reason: string; detail: string };

export interface InjectDeps {
	tmux: RunTmux;
	readStatuses?: (configDir: string | null) => ClaudeStatus[] | null;
	sleep?: (ms: number) => Promise<void>;
	enterDelayMs: number;
	/** How long to wait for a busy Claude to become idle before refusing. */
	busyWaitMs: number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The Claude Code process that the record's pane runs, judged by its status file. */
function findClaude(record: SessionRecord, panePid: number, statuses: ClaudeStatus[]): ClaudeStatus | { changedTo: string } | null {
	const inPane = canCheckAncestry() ? statuses.filter((status) => isDescendant(status.pid, panePid)) : statuses.filter((s) => s.sessionId === record.claudeSessionId);
	const same = inPane.find((status) => status.sessionId === record.claudeSessionId);
	if (same) return same;
	return inPane[0] ? { changedTo: inPane[0].sessionId } : null;
}

/**
 * Types a reply into the pane the record points at, and submits it — only
 * when that pane still runs the same Claude session and its prompt is idle.
 * A dialog being open is a refusal: text + Enter in a permission dialog
 * would approve the tool (claude-code-facts.md §6).
 */
export async function injectReply(record: SessionRecord, text: string, deps: InjectDeps): Promise<InjectResult> {
	const sleep = deps.sleep ?? defaultSleep;
	const readStatuses = deps.readStatuses ?? readClaudeStatuses;
	if (!record.tmux) return { ok: false, reason: 'no-tmux', detail: 'that Claude Code session was not started inside tmux, so nothing can be typed into it' };
	const { socket, pane } = record.tmux;
	const paneInfo = await findPane(deps.tmux, socket, pane);
	if (!paneInfo || paneInfo.dead) return { ok: false, reason: 'pane-gone', detail: `tmux pane ${pane} no longer exists` };

	let claude: ClaudeStatus | undefined;
	for (let waited = 0; ; waited += 250) {
		const statuses = readStatuses(record.claudeConfigDir);
		if (statuses === null) return { ok: false, reason: 'claude-state-unknown', detail: "Claude Code's session status files were not found; refusing to type blind" };
		const found = findClaude(record, paneInfo.pid, statuses);
		if (!found) return { ok: false, reason: 'claude-gone', detail: `Claude Code no longer runs in tmux pane ${pane}` };
		if ('changedTo' in found) return { ok: false, reason: 'session-changed', detail: `pane ${pane} now runs a different Claude session (after /clear or a restart); reply to its newest notification` };
		if (found.status === 'idle') {
			claude = found;
			break;
		}
		if (found.status === 'waiting') return { ok: false, reason: 'dialog-open', detail: `Claude is waiting on ${found.waitingFor ?? 'a dialog'}; typing text there could approve it, so nothing was typed` };
		if (waited >= deps.busyWaitMs) return { ok: false, reason: 'claude-busy', detail: `Claude stayed busy for ${Math.round(deps.busyWaitMs / 1000)} s; send the reply again when it has finished` };
		await sleep(250);
	}

	await pasteText(deps.tmux, socket, pane, text);
	// Enter as its own command, a little later: in the same write as a long paste it can be swallowed.
	await sleep(deps.enterDelayMs);
	for (let attempt = 0; attempt < 2; attempt++) {
		await pressKeys(deps.tmux, socket, pane, ['Enter']);
		if (await waitForSubmission(claude, record, readStatuses, sleep)) return { ok: true, confirmed: true };
	}
	return { ok: true, confirmed: false };
}

/** Submitted = Claude's status file changed after the Enter (it turns busy, then idle again). */
async function waitForSubmission(before: ClaudeStatus, record: SessionRecord, readStatuses: NonNullable<InjectDeps['readStatuses']>, sleep: (ms: number) => Promise<void>): Promise<boolean> {
	for (let waited = 0; waited < 1500; waited += 50) {
		const now = readStatuses(record.claudeConfigDir)?.find((status) => status.pid === before.pid);
		if (now && (now.status !== 'idle' || now.updatedAt !== before.updatedAt)) return true;
		await sleep(50);
	}
	return false;
}
