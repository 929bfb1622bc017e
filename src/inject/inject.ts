import type { SessionRecord } from '../session/store.js';
import { sleep as wait } from '../sleep.js';
import { canCheckAncestry, isDescendant, readClaudeStatuses, type ClaudeStatus } from '../claude/claude-state.js';
import { readInputBox } from '../claude/screen.js';
import { findPaneWithScreen, pasteText, pressKeys, type RunTmux } from './tmux.js';

export type InjectResult = { ok: true; confirmed: boolean } | { ok: false; reason: string; detail: string };

export interface InjectDeps {
	tmux: RunTmux;
	readStatuses?: (configDir: string | null) => ClaudeStatus[] | null;
	sleep?: (ms: number) => Promise<void>;
	enterDelayMs: number;
	/** How long to wait for a busy Claude (or a half-typed input box) before refusing; the reply queue passes 0 and waits itself. */
	busyWaitMs: number;
	/** Called once the pane is ready, just before the text goes in: the caller records its intent here. */
	beforeTyping?: () => void;
}

/**
 * The Claude Code process that runs in the record's pane, judged by its
 * status file and its ancestry — or why there is none to type into.
 */
export async function findClaudeInPane(record: SessionRecord, deps: Pick<InjectDeps, 'tmux' | 'readStatuses'>): Promise<{ claude: ClaudeStatus; socket: string; pane: string; screen: string | null } | { reason: string; detail: string }> {
	if (!record.tmux) return { reason: 'no-tmux', detail: 'that Claude Code session was not started inside tmux, so nothing can be typed into it' };
	const { socket, pane } = record.tmux;
	const { info: paneInfo, screen } = await findPaneWithScreen(deps.tmux, socket, pane);
	if (!paneInfo || paneInfo.dead) return { reason: 'pane-gone', detail: `tmux pane ${pane} no longer exists` };
	const statuses = (deps.readStatuses ?? readClaudeStatuses)(record.claudeConfigDir);
	if (statuses === null) return { reason: 'claude-state-unknown', detail: "Claude Code's session status files were not found; refusing to type blind" };
	const inPane = canCheckAncestry() ? statuses.filter((status) => isDescendant(status.pid, paneInfo.pid)) : statuses.filter((status) => status.sessionId === record.claudeSessionId);
	const claude = inPane.find((status) => status.sessionId === record.claudeSessionId);
	if (claude) return { claude, socket, pane, screen };
	if (inPane[0]) return { reason: 'session-changed', detail: `pane ${pane} now runs a different Claude session (after /clear or a restart); reply to its newest notification` };
	return { reason: 'claude-gone', detail: `Claude Code no longer runs in tmux pane ${pane}` };
}

/**
 * Types a reply into the pane the record points at and submits it — only
 * when that pane still runs the same Claude session, its prompt is idle and
 * its input box is empty. A dialog being open is a refusal: text + Enter in
 * a permission dialog would approve the tool (claude-code-facts.md §6).
 */
export async function injectReply(record: SessionRecord, text: string, deps: InjectDeps): Promise<InjectResult> {
	const sleep = deps.sleep ?? wait;
	const readStatuses = deps.readStatuses ?? readClaudeStatuses;
	let ready: { claude: ClaudeStatus; socket: string; pane: string; screen: string | null } | undefined;
	for (let waited = 0; ; waited += 250) {
		const found = await findClaudeInPane(record, { ...deps, readStatuses });
		if ('reason' in found) return { ok: false, ...found };
		const { claude } = found;
		if (claude.status === 'waiting') return { ok: false, reason: 'dialog-open', detail: `Claude is waiting on ${claude.waitingFor ?? 'a dialog'}; typing text there could approve it, so nothing was typed` };
		if (claude.status === 'idle') {
			// Text typed into a half-filled box is appended to it: wait for the person at the keyboard.
			const box = readInputBox(found.screen ?? (await deps.tmux(found.socket, ['capture-pane', '-p', '-e', '-t', found.pane])));
			if (box === '') {
				ready = found;
				break;
			}
			if (waited >= deps.busyWaitMs) return { ok: false, reason: 'input-not-empty', detail: "something is already typed in Claude Code's input box; nothing was added to it" };
		} else if (waited >= deps.busyWaitMs) {
			return { ok: false, reason: 'claude-busy', detail: `Claude stayed busy for ${Math.round(deps.busyWaitMs / 1000)} s; send the reply again when it has finished` };
		}
		await sleep(250);
	}
	const { claude, socket, pane } = ready;
	deps.beforeTyping?.();
	await pasteText(deps.tmux, socket, pane, text);
	// Enter as its own command, a little later: in the same write as a long paste it can be swallowed.
	// The wait grows with the text (a long paste needs the full enterDelayMs, a one-line reply ~30 ms);
	// a swallowed Enter is still caught below and pressed again.
	await sleep(Math.min(deps.enterDelayMs, 30 + Math.ceil(text.length / 8)));
	for (let attempt = 0; attempt < 2; attempt++) {
		await pressKeys(deps.tmux, socket, pane, ['Enter']);
		if (await waitForSubmission(claude, record, readStatuses, sleep)) return { ok: true, confirmed: true };
	}
	return { ok: true, confirmed: false };
}

/** Submitted = Claude's status file changed after the Enter (it turns busy, then idle again). */
async function waitForSubmission(before: ClaudeStatus, record: SessionRecord, readStatuses: NonNullable<InjectDeps['readStatuses']>, sleep: (ms: number) => Promise<void>): Promise<boolean> {
	// Every 10 ms: a readdir and a few small reads, and the reply's confirmation is not held up by the poll.
	for (let waited = 0; waited < 1500; waited += 10) {
		const now = readStatuses(record.claudeConfigDir)?.find((status) => status.pid === before.pid);
		if (now && (now.status !== 'idle' || now.updatedAt !== before.updatedAt)) return true;
		await sleep(10);
	}
	return false;
}
