import type { PermissionAnswer } from '../dialog/answer.js';
import type { SessionRecord } from '../session/store.js';
import { sleep as wait } from '../sleep.js';
import { readClaudeStatuses } from './claude-state.js';
import { findClaudeInPane, type InjectDeps, type InjectResult } from './inject.js';
import { collapse, parseDialogOptions, type DialogOption } from './screen.js';
import { capturePane, pasteText, pressKeys } from './tmux.js';

export type DialogAnswer = { permission: PermissionAnswer } | { option: number };

/** What on screen proves the open dialog is the one the mail was about. */
export function dialogFingerprint(record: SessionRecord): string {
	const input = (record.dialog?.toolInput ?? {}) as Record<string, unknown>;
	const first = (value: unknown) => (typeof value === 'string' ? collapse(value.split('\n')[0]!).slice(0, 60) : '');
	const question = (input.questions as Array<{ question?: string }> | undefined)?.[0]?.question;
	return first(question) || first(input.command) || first(typeof input.file_path === 'string' ? input.file_path.split('/').pop() : '') || record.dialog?.toolName || '';
}

/** The keys for an answer, given the options the dialog shows now. Text parts are pasted, never sent as keys. */
export function planKeys(answer: DialogAnswer, options: DialogOption[]): { keys: string[]; text?: string } | { refuse: string } {
	if ('option' in answer) {
		return options.some((option) => option.number === answer.option) ? { keys: [String(answer.option)] } : { refuse: 'option-not-shown' };
	}
	const yes = options.find((option) => /^yes$/i.test(option.label));
	const always = options.find((option) => /^yes, /i.test(option.label));
	const no = options.find((option) => /^no\b/i.test(option.label));
	const selected = options.find((option) => option.selected) ?? options[0];
	const move = (target: DialogOption) => {
		const steps = target.number - (selected?.number ?? 1);
		return Array.from({ length: Math.abs(steps) }, () => (steps > 0 ? 'Down' : 'Up'));
	};
	const { permission } = answer;
	if (permission.kind === 'always') return always ? { keys: [String(always.number)] } : { refuse: 'option-not-shown' };
	if (permission.kind === 'yes') {
		if (!yes) return { refuse: 'option-not-shown' };
		return permission.note ? { keys: [...move(yes), 'Tab'], text: permission.note } : { keys: [String(yes.number)] };
	}
	if (!no) return { refuse: 'option-not-shown' };
	return permission.feedback ? { keys: [...move(no), 'Tab'], text: permission.feedback } : { keys: [String(no.number)] };
}

/**
 * Answers the dialog the record was made for — only while that very dialog
 * is open (Claude waiting, its tool or question on screen). Keys go one by
 * one (the dialog drops keys sent in one burst); a note or feedback is
 * pasted as one line into the amend field.
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
	if ('refuse' in plan) return { ok: false, reason: plan.refuse, detail: 'the dialog does not offer that choice' };
	for (const key of plan.keys) {
		await pressKeys(deps.tmux, socket, pane, [key]);
		await sleep(150);
	}
	if (plan.text !== undefined) {
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
