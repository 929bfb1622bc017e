import type { PermissionAnswer } from '../dialog/answer.js';
import type { SessionRecord } from '../session/store.js';
import { sleep as wait } from '../sleep.js';
import { readClaudeStatuses } from '../claude/claude-state.js';
import { findClaudeInPane, type InjectDeps, type InjectResult } from './inject.js';
import { collapse, parseDialogOptions, type DialogOption } from '../claude/screen.js';
import { capturePane, pasteText, pressKeys } from './tmux.js';

export type DialogAnswer = { permission: PermissionAnswer } | { option: number; label?: string };

/** What on screen proves the open dialog is the one the mail was about. */
export function dialogFingerprint(record: SessionRecord): string {
	const input = (record.dialog?.toolInput ?? {}) as Record<string, unknown>;
	const first = (value: unknown) => (typeof value === 'string' ? collapse(value.split('\n')[0]!).slice(0, 60) : '');
	const question = (input.questions as Array<{ question?: string }> | undefined)?.[0]?.question;
	return first(question) || first(input.command) || first(typeof input.file_path === 'string' ? input.file_path.split('/').pop() : '') || record.dialog?.toolName || '';
}

/** What an option of a permission dialog does, read from its label alone. */
export type OptionRole = 'yes' | 'always' | 'no' | 'changes-mode' | 'unknown';

/**
 * "Yes" / "No" exactly; "Yes, and always allow …" or "Yes, and don't ask again …" remembers a rule;
 * anything that names a mode, auto-acceptance or shift+tab changes how the whole session runs
 * ("Yes, and switch to auto mode", "Yes, allow all edits during this session (shift+tab)") and is
 * never chosen by mail.
 */
export function optionRole(label: string): OptionRole {
	const text = collapse(label).toLowerCase();
	if (/\bmode\b|auto[- ]?accept|all edits|shift\+tab|bypass/.test(text)) return 'changes-mode';
	if (/^yes\.?$/.test(text)) return 'yes';
	if (/^no\.?$/.test(text)) return 'no';
	if (/^yes, (?:and )?(?:always allow|don't ask again)\b/.test(text)) return 'always';
	return 'unknown';
}

export type KeyPlan =
	/** Move focus to `target` (one key at a time), confirm on screen it is focused, then Enter, or Tab + feedback + Enter. */
	| { target: DialogOption; moves: string[]; text?: string }
	| { refuse: string; detail: string };

/**
 * The keys for an answer, given the options the dialog shows now; decided by label, never by a
 * fixed digit (2.1.332 put "Yes, and switch to auto mode" where 2.1.197 had "No"). A layout that is
 * not exactly one "Yes", one "No" and "Yes, …" variants is refused: nothing is pressed.
 */
export function planKeys(answer: DialogAnswer, options: DialogOption[]): KeyPlan {
	const selected = options.find((option) => option.selected);
	if (!options.length || !selected) return { refuse: 'unknown-dialog-layout', detail: 'no dialog options with a focused one were found on screen, so nothing was pressed' };
	const moves = (target: DialogOption) => {
		const steps = options.indexOf(target) - options.indexOf(selected);
		return Array.from({ length: Math.abs(steps) }, () => (steps > 0 ? 'Down' : 'Up'));
	};
	if ('option' in answer) {
		const target = options.find((option) => option.number === answer.option);
		if (!target) return { refuse: 'option-not-shown', detail: `the dialog shows no option ${answer.option}` };
		if (answer.label !== undefined && collapse(target.label).toLowerCase() !== collapse(answer.label).toLowerCase()) {
			return { refuse: 'unknown-dialog-layout', detail: `option ${answer.option} on screen is "${target.label}", not "${answer.label}", so nothing was pressed` };
		}
		return { target, moves: moves(target) };
	}
	const roles = options.map((option) => optionRole(option.label));
	const only = (role: OptionRole) => (roles.filter((r) => r === role).length === 1 ? options[roles.indexOf(role)] : undefined);
	const yes = only('yes');
	const no = only('no');
	if (!yes || !no || roles.includes('unknown') || roles.filter((r) => r === 'always').length > 1) {
		return { refuse: 'unknown-dialog-layout', detail: `TaskPing does not know this dialog (${options.map((o) => `${o.number}. ${o.label}`).join(' / ')}), so nothing was pressed; answer at the terminal` };
	}
	const { permission } = answer;
	if (permission.kind === 'always') {
		const always = only('always');
		if (!always) return { refuse: 'option-not-shown', detail: 'this dialog offers no "always allow" option (only ones that would change the session\'s mode), so nothing was pressed; answer yes to approve once' };
		return { target: always, moves: moves(always) };
	}
	if (permission.kind === 'yes') return { target: yes, moves: moves(yes) };
	return permission.feedback ? { target: no, moves: moves(no), text: permission.feedback } : { target: no, moves: moves(no) };
}

/**
 * Answers the dialog the record was made for — only while that very dialog
 * is open (Claude waiting, its tool or question on screen). Focus moves one
 * key at a time (the dialog drops keys sent in one burst), the screen is read
 * again to confirm the focused option is the one meant, and only then Enter
 * (or Tab, the feedback pasted as one line, Enter).
 */
export async function answerDialog(record: SessionRecord, answer: DialogAnswer, deps: InjectDeps): Promise<InjectResult> {
	const sleep = deps.sleep ?? wait;
	const found = await findClaudeInPane(record, deps);
	if ('reason' in found) return { ok: false, ...found };
	const { claude, socket, pane } = found;
	const screen = await capturePane(deps.tmux, socket, pane);
	if (claude.status !== 'waiting' || !collapse(screen).includes(dialogFingerprint(record))) {
		return { ok: false, reason: 'dialog-closed', detail: 'that dialog is no longer open, so nothing was typed (a late answer is never typed as a prompt)' };
	}
	const plan = planKeys(answer, parseDialogOptions(screen));
	if ('refuse' in plan) return { ok: false, reason: plan.refuse, detail: plan.detail };
	for (const key of plan.moves) {
		await pressKeys(deps.tmux, socket, pane, [key]);
		await sleep(150);
	}
	// Read the screen again: only when the focused option IS the one meant does anything get pressed.
	// The dialog redraws a little after each key; wait for that (bounded), never guess.
	let focused = parseDialogOptions(screen).find((option) => option.selected);
	for (let waited = 0; plan.moves.length && waited <= 2000; waited += 100) {
		focused = parseDialogOptions(await capturePane(deps.tmux, socket, pane)).find((option) => option.selected);
		if (focused?.label === plan.target.label) break;
		await sleep(100);
	}
	if (!focused || focused.label !== plan.target.label) {
		return { ok: false, reason: 'dialog-focus-mismatch', detail: `the focus is on "${focused?.label ?? 'nothing'}", not "${plan.target.label}", so nothing was chosen; the dialog is still open` };
	}
	if (plan.text === undefined) {
		await pressKeys(deps.tmux, socket, pane, ['Enter']);
	} else {
		await pressKeys(deps.tmux, socket, pane, ['Tab']);
		await sleep(150);
		await pasteText(deps.tmux, socket, pane, plan.text.replace(/\s*\n\s*/g, ' '));
		await sleep(deps.enterDelayMs);
		await pressKeys(deps.tmux, socket, pane, ['Enter']);
	}
	for (let waited = 0; waited < 3000; waited += 100) {
		const now = (deps.readStatuses ?? readClaudeStatuses)(record.claudeConfigDir)?.find((status) => status.pid === claude.pid);
		if (now && now.status !== 'waiting') return { ok: true, confirmed: true };
		await sleep(100);
	}
	return { ok: true, confirmed: false };
}
