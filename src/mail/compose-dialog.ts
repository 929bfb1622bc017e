import { basename } from 'node:path';
import { ANSWER_WORDS, readQuestion } from '../dialog/answer.js';
import type { DialogInfo } from '../session/store.js';
import { escapeHtml, indent, oneLine, type NotificationInput, type OutgoingMail } from './compose.js';
import { REPLY_MARKER } from './marker.js';

/** The tool's input as a person needs to judge it: the command, the file and a summary of the change. */
export function describeToolInput(toolName: string, input: unknown): { headline: string; details: string } {
	const data = (input ?? {}) as Record<string, unknown>;
	const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : '');
	const lines = (value: string) => (value ? value.split('\n').length : 0);
	switch (toolName) {
		case 'Bash':
			return { headline: `${toolName}: ${oneLine(text('command'), 60)}`, details: [text('command'), text('description') && `(${text('description')})`].filter(Boolean).join('\n') };
		case 'Edit':
		case 'MultiEdit':
			return { headline: `${toolName}: ${basename(text('file_path'))}`, details: `File: ${text('file_path')}\n- ${lines(text('old_string'))} line(s):\n${indent(text('old_string').slice(0, 1500))}\n+ ${lines(text('new_string'))} line(s):\n${indent(text('new_string').slice(0, 1500))}` };
		case 'Write':
			return { headline: `${toolName}: ${basename(text('file_path'))}`, details: `File: ${text('file_path')} (${lines(text('content'))} lines)\n${indent(text('content').slice(0, 1500))}` };
		default:
			return { headline: toolName, details: JSON.stringify(input, null, 2).slice(0, 3000) };
	}
}

/** Mail for one open permission dialog or AskUserQuestion picker, with the exact words that answer it. */
export function composeDialog(input: NotificationInput & { dialog: DialogInfo; explanation: string | null; allowAlways: boolean }): OutgoingMail {
	const { dialog, token, event } = input;
	const project = basename(event.cwd) || event.cwd;
	const question = dialog.kind === 'question' ? readQuestion(dialog.toolInput) : null;
	let subject: string;
	let body: string[];
	if (question) {
		subject = `[TaskPing #${token}] ${project}: question: ${oneLine(question.question, 60)}`;
		body = [
			'Claude asks:',
			indent(question.question),
			'',
			...question.labels.map((label, index) => `  ${index + 1}. ${label}${question.descriptions[index] ? ` — ${question.descriptions[index]}` : ''}`),
			'',
			'Reply with the number or the label of your choice. 回复选项的编号或名称。',
		];
	} else {
		const tool = describeToolInput(dialog.toolName, dialog.toolInput);
		subject = `[TaskPing #${token}] ${project}: permission needed: ${tool.headline}`;
		body = [
			`Claude wants to use ${dialog.toolName}:`,
			indent(tool.details),
			'',
			...(input.explanation ? ['Claude said before asking:', indent(input.explanation), ''] : []),
			'Reply with one of:',
			`  ${ANSWER_WORDS.yes.padEnd(24)} run it once`,
			...(input.allowAlways ? [`  ${ANSWER_WORDS.always.padEnd(24)} run it and don't ask again for this`] : []),
			`  ${ANSWER_WORDS.no.padEnd(24)} don't run it`,
			`  ${ANSWER_WORDS.feedback}`,
			'Anything else is refused, never guessed.',
		];
	}
	const facts = [`Project: ${event.cwd}`, `Host:    ${input.host}`, `Time:    ${input.now.toISOString()}`, `Token:   #${token} (this dialog only; valid while it is open)`];
	const text = [REPLY_MARKER, '', ...body, '', ...facts, ''].join('\n');
	return {
		from: input.from,
		to: input.to,
		subject,
		text,
		html: `<p style="color:#888">${escapeHtml(REPLY_MARKER)}</p><pre style="white-space:pre-wrap;font-family:inherit">${escapeHtml([...body, '', ...facts].join('\n'))}</pre>`,
		messageId: input.messageId,
		headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
	};
}
