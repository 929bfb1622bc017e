import { EXACT_WORDS, parseQuestionAnswer, readPermissionAnswer, readQuestion, type AnswerContext } from '../dialog/answer.js';
import { unusualSetAside } from '../dialog/closing.js';
import { answerDialog, type DialogAnswer } from './dialog.js';
import { injectReply, type InjectDeps, type InjectResult } from './inject.js';
import { describeToolInput } from '../mail/compose-dialog.js';
import type { SessionRecord } from '../session/store.js';

export interface ActSettings {
	allowAlways: boolean;
}

/** What the confirmation mail says was done, e.g. "approved: touch build.log". */
export type ActResult = InjectResult & { summary: string };

/** The answer as the person wrote it, for the answer mail: they see what was understood from which words. */
const asWritten = (text: string) => {
	const line = text.replace(/\s+/g, ' ').trim();
	return `"${line.length > 80 ? `${line.slice(0, 80)}…` : line}"`;
};

/**
 * Maps a reply to a dialog record onto that dialog's answer, or says why it cannot. `context`
 * holds what the reader cut as a signature (a permission answer approves only when that is an
 * ordinary closing) and the sender's address.
 */
export function readDialogAnswer(record: SessionRecord, text: string, settings: ActSettings, context: AnswerContext = {}): { answer: DialogAnswer; summary: string } | { reason: string; detail: string } {
	const dialog = record.dialog!;
	if (dialog.kind === 'question') {
		const question = readQuestion(dialog.toolInput);
		if (!question) return { reason: 'unclear-answer', detail: 'the question could not be read' };
		if (question.multiSelect) return { reason: 'multi-select', detail: 'questions with several answers must be answered at the terminal' };
		const extra = unusualSetAside(context.setAside ?? [], context.sender);
		if (extra.length) return { reason: 'unclear-answer', detail: `below the answer, in what reads as a signature, the mail also says ${extra.map((line) => `"${line}"`).join(', ')}; answer with a number from 1 to ${question.labels.length} or one of: ${question.labels.join(', ')}` };
		const picked = parseQuestionAnswer(text, question.labels);
		if (!picked) return { reason: 'unclear-answer', detail: `answer with a number from 1 to ${question.labels.length} or one of: ${question.labels.join(', ')}` };
		return { answer: { option: picked.index + 1, label: picked.label }, summary: `answered "${question.question}": ${picked.label}` };
	}
	const permission = readPermissionAnswer(text, context);
	if (permission.kind === 'unclear') return { reason: 'unclear-answer', detail: `${permission.why}, so nothing was pressed; answer with exactly one of: ${EXACT_WORDS}` };
	if (permission.kind === 'always' && !settings.allowAlways) return { reason: 'always-disabled', detail: '"always" is switched off (TASKPING_ALLOW_ALWAYS=false); answer yes to approve once' };
	const what = describeToolInput(dialog.toolName, dialog.toolInput).headline;
	const summary =
		permission.kind === 'always' ? `approved and remembered: ${what} (read ${asWritten(text)} as always)`
		: permission.kind === 'yes' ? `approved: ${what} (read ${asWritten(text)} as yes)`
		: `rejected: ${what} (read ${asWritten(text)} as no${permission.feedback ? `; told Claude: ${permission.feedback}` : ''})`;
	return { answer: { permission }, summary };
}

/** How a reply to a dialog token reads, for `taskping inspect --json`: what would be pressed, or why nothing. */
export type Reading =
	| { kind: 'approve' }
	| { kind: 'approve-always' }
	| { kind: 'reject'; feedback?: string }
	| { kind: 'option'; number: number; label: string }
	| { kind: 'unclear'; reason: string; why: string };

export function readingOf(record: SessionRecord, text: string, settings: ActSettings, context: AnswerContext = {}): Reading {
	const read = readDialogAnswer(record, text, settings, context);
	if ('reason' in read) return { kind: 'unclear', reason: read.reason, why: read.detail };
	const { answer } = read;
	if ('option' in answer) return { kind: 'option', number: answer.option, label: answer.label ?? '' };
	const { permission } = answer;
	if (permission.kind === 'always') return { kind: 'approve-always' };
	if (permission.kind === 'yes') return { kind: 'approve' };
	return permission.feedback ? { kind: 'reject', feedback: permission.feedback } : { kind: 'reject' };
}

/** Types a prompt, or answers a dialog: the one place a verified reply turns into keystrokes. */
export async function actOnReply(record: SessionRecord, text: string, settings: ActSettings, deps: InjectDeps, context: AnswerContext = {}): Promise<ActResult> {
	try {
		if (!record.dialog) return { ...(await injectReply(record, text, deps)), summary: text };
		const read = readDialogAnswer(record, text, settings, context);
		if ('reason' in read) return { ok: false, ...read, summary: '' };
		return { ...(await answerDialog(record, read.answer, deps)), summary: read.summary };
	} catch (error) {
		return { ok: false, reason: 'inject-failed', detail: (error as Error).message, summary: '' };
	}
}
