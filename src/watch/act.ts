import { parsePermissionAnswer, parseQuestionAnswer, readQuestion } from '../dialog/answer.js';
import { answerDialog, type DialogAnswer } from '../inject/dialog.js';
import { injectReply, type InjectDeps, type InjectResult } from '../inject/inject.js';
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
		return { answer: { option: picked.index + 1 }, summary: `answered "${question.question}": ${picked.label}` };
	}
	const permission = parsePermissionAnswer(text);
	if (!permission) return { reason: 'unclear-answer', detail: 'answer yes, always, no, or "no, <what to do instead>" (批准 / 总是允许 / 拒绝 / 不要，<说明>)' };
	if (permission.kind === 'always' && !settings.allowAlways) return { reason: 'always-disabled', detail: '"always" is switched off (TASKPING_ALLOW_ALWAYS=false); answer yes to approve once' };
	const what = describeToolInput(dialog.toolName, dialog.toolInput).headline;
	const summary =
		permission.kind === 'always' ? `approved and remembered: ${what}`
		: permission.kind === 'yes' ? `approved: ${what}${permission.note ? ` (note: ${permission.note})` : ''}`
		: `rejected: ${what}${permission.feedback ? ` (told Claude: ${permission.feedback})` : ''}`;
	return { answer: { permission }, summary };
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
