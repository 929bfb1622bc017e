import { EXACT_WORDS, parseQuestionAnswer, readPermissionAnswer, readQuestion } from '../dialog/answer.js';
import { answerDialog, type DialogAnswer } from './dialog.js';
import { injectReply, type InjectDeps, type InjectResult } from './inject.js';
import { describeToolInput } from '../mail/compose-dialog.js';
import type { SessionRecord } from '../session/store.js';

export interface ActSettings {
	allowAlways: boolean;
}

/** What the confirmation mail says was done, e.g. "approved: touch build.log". */
export type ActResult = InjectResult & { summary: string };

/** Maps a reply to a dialog record onto that dialog's answer, or says why it cannot. */
export function readDialogAnswer(record: SessionRecord, text: string, settings: ActSettings): { answer: DialogAnswer; summary: string } | { reason: string; detail: string } {
	const dialog = record.dialog!;
	if (dialog.kind === 'question') {
		const question = readQuestion(dialog.toolInput);
		if (!question) return { reason: 'unclear-answer', detail: 'the question could not be read' };
		if (question.multiSelect) return { reason: 'multi-select', detail: 'questions with several answers must be answered at the terminal' };
		const picked = parseQuestionAnswer(text, question.labels);
		if (!picked) return { reason: 'unclear-answer', detail: `answer with a number from 1 to ${question.labels.length} or one of: ${question.labels.join(', ')}` };
		return { answer: { option: picked.index + 1, label: picked.label }, summary: `answered "${question.question}": ${picked.label}` };
	}
	const permission = readPermissionAnswer(text);
	if (permission.kind === 'unclear') return { reason: 'unclear-answer', detail: `${permission.why}, so nothing was pressed; answer with exactly one of: ${EXACT_WORDS}` };
	if (permission.kind === 'always' && !settings.allowAlways) return { reason: 'always-disabled', detail: '"always" is switched off (TASKPING_ALLOW_ALWAYS=false); answer yes to approve once' };
	const what = describeToolInput(dialog.toolName, dialog.toolInput).headline;
	const summary =
		permission.kind === 'always' ? `approved and remembered: ${what}`
		: permission.kind === 'yes' ? `approved: ${what}${permission.note ? ` (note: ${permission.note})` : ''}`
		: `rejected: ${what}${permission.feedback ? ` (told Claude: ${permission.feedback})` : ''}`;
	return { answer: { permission }, summary };
}

/** How a reply to a dialog token reads, for `taskping inspect --json`: what would be pressed, or why nothing. */
export type Reading =
	| { kind: 'approve'; note?: string }
	| { kind: 'approve-always' }
	| { kind: 'reject'; feedback?: string }
	| { kind: 'option'; number: number; label: string }
	| { kind: 'unclear'; reason: string; why: string };

export function readingOf(record: SessionRecord, text: string, settings: ActSettings): Reading {
	const read = readDialogAnswer(record, text, settings);
	if ('reason' in read) return { kind: 'unclear', reason: read.reason, why: read.detail };
	const { answer } = read;
	if ('option' in answer) return { kind: 'option', number: answer.option, label: answer.label ?? '' };
	const { permission } = answer;
	if (permission.kind === 'always') return { kind: 'approve-always' };
	if (permission.kind === 'yes') return permission.note ? { kind: 'approve', note: permission.note } : { kind: 'approve' };
	return permission.feedback ? { kind: 'reject', feedback: permission.feedback } : { kind: 'reject' };
}

/** Types a prompt, or answers a dialog: the one place a verified reply turns into keystrokes. */
export async function actOnReply(record: SessionRecord, text: string, settings: ActSettings, deps: InjectDeps): Promise<ActResult> {
	try {
		if (!record.dialog) return { ...(await injectReply(record, text, deps)), summary: text };
		const read = readDialogAnswer(record, text, settings);
		if ('reason' in read) return { ok: false, ...read, summary: '' };
		return { ...(await answerDialog(record, read.answer, deps)), summary: read.summary };
	} catch (error) {
		return { ok: false, reason: 'inject-failed', detail: (error as Error).message, summary: '' };
	}
}
