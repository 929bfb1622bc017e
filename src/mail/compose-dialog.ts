import { basename } from 'node:path';
import { ANSWER_WORDS, readQuestion } from '../dialog/answer.js';
import type { DialogInfo } from '../session/store.js';
import { escapeHtml, formatSubject, formatTime, indent, notificationMail, oneLine, pickLanguage, pickTexts, type NotificationInput, type OutgoingMail } from './compose.js';
import { renderMarkdown } from './markdown.js';
import { REPLY_MARKER } from './marker.js';
import { replyLink } from './one-tap.js';
import { htmlButton, htmlPage, KIND_COLORS, STYLE } from './phone-style.js';

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

/** A command in a dark box of its own, its description as a caption above: the thing being approved stands out. */
function commandHtml(toolName: string, toolInput: unknown, details: string): string[] {
	const data = (toolInput ?? {}) as Record<string, unknown>;
	if (toolName === 'Bash' && typeof data.command === 'string') {
		const caption = typeof data.description === 'string' && data.description ? `<div style="${STYLE.caption}">${escapeHtml(data.description)}</div>` : '';
		return [caption, `<pre style="${STYLE.command}">${escapeHtml(data.command)}</pre>`].filter(Boolean);
	}
	return [`<pre style="${STYLE.pre}">${escapeHtml(details)}</pre>`];
}

type DialogInput = NotificationInput & { dialog: DialogInfo; explanation: string | null; allowAlways: boolean };

interface Choice { label: string; body: string; look: 'primary' | 'danger' | 'neutral'; words: string; meaning: string }

/** Mail for one open permission dialog or AskUserQuestion picker: one-tap answers, and the exact words that answer it. */
export function composeDialog(input: DialogInput): OutgoingMail {
	const { dialog, token, event } = input;
	const texts = pickTexts(input.language);
	const { phone } = texts;
	const language = pickLanguage(input.language);
	const project = basename(event.cwd) || event.cwd;
	const question = dialog.kind === 'question' ? readQuestion(dialog.toolInput) : null;
	const tool = question ? null : describeToolInput(dialog.toolName, dialog.toolInput);
	const kind = question ? 'question' : 'permission';
	const headline = question ? oneLine(question.question, 120) : tool!.headline;
	const subject = formatSubject(phone.kind[kind], oneLine(headline, 60), project, token);
	const link = (body: string) => replyLink({ to: input.from, subject, inReplyTo: input.messageId, body });
	const zh = language === 'zh';

	let choices: Choice[] = [];
	let bodyText: string[];
	let bodyHtml: string[];
	if (question) {
		// "2. Blue": the number picks it, and the label must agree with it (dialog/answer.ts).
		if (!question.multiSelect) choices = question.labels.map((label, index) => ({ label: `${index + 1}. ${label}`, body: `${index + 1}. ${label}`, look: 'neutral' as const, words: String(index + 1), meaning: label }));
		const options = question.labels.map((label, index) => `${index + 1}. ${label}${question.descriptions[index] ? ` — ${question.descriptions[index]}` : ''}`);
		bodyText = [`${phone.dialog.asks}:`, indent(question.question), '', ...options.map((line) => `  ${line}`), '', question.multiSelect ? phone.dialog.multiSelect : phone.dialog.pick];
		// Each option is its own full-width button, its description under the label: one tap answers.
		bodyHtml = question.multiSelect
			? [`<ol style="${STYLE.list}">${question.labels.map((label, index) => `<li style="${STYLE.listItem}"><b>${escapeHtml(label)}</b>${question.descriptions[index] ? ` — ${escapeHtml(question.descriptions[index]!)}` : ''}</li>`).join('')}</ol>`, `<div style="${STYLE.hint}">${escapeHtml(phone.dialog.multiSelect)}</div>`]
			: [];
	} else {
		const word = (pair: string) => pair.split(' / ')[zh ? 1 : 0]!.trim();
		choices = [
			{ label: phone.buttons.approve, body: word(ANSWER_WORDS.yes), look: 'primary', words: ANSWER_WORDS.yes, meaning: phone.dialog.runOnce },
			...(input.allowAlways ? [{ label: phone.buttons.always, body: word(ANSWER_WORDS.always), look: 'neutral' as const, words: ANSWER_WORDS.always, meaning: phone.dialog.runAlways }] : []),
			{ label: phone.buttons.deny, body: word(ANSWER_WORDS.no), look: 'danger', words: ANSWER_WORDS.no, meaning: phone.dialog.dontRun },
		];
		const words = [...choices.map((choice) => [choice.words, choice.meaning]), [ANSWER_WORDS.feedback, phone.dialog.feedback]];
		bodyText = [
			`${phone.dialog.wantsToUse(dialog.toolName)}:`,
			indent(tool!.details),
			'',
			...(input.explanation ? [`${phone.dialog.saidBefore}:`, indent(input.explanation), ''] : []),
			phone.dialog.orReply,
			...words.map(([answer, meaning]) => `  ${answer}  —  ${meaning}`),
			phone.dialog.elseRefused,
		];
		bodyHtml = [
			`<div style="${STYLE.section}">${escapeHtml(phone.dialog.wantsToUse(dialog.toolName))}</div>`,
			...commandHtml(dialog.toolName, dialog.toolInput, tool!.details),
			...(input.explanation ? [`<div style="${STYLE.section}">${escapeHtml(phone.dialog.saidBefore)}</div>`, renderMarkdown(input.explanation)] : []),
		];
	}
	// AskUserQuestion still opens its dialog in auto mode: say which mode the session runs in.
	if (event.permissionMode === 'auto') {
		bodyText.push('', texts.autoMode.title, indent(texts.autoMode.text));
		bodyHtml.push(`<div style="${STYLE.hint}">${escapeHtml(`${texts.autoMode.title} ${texts.autoMode.text.replace(/\n/g, ' ')}`)}</div>`);
	}
	const descriptions = question?.descriptions ?? [];
	const buttons = !choices.length
		? ''
		: question
			? `<div style="${STYLE.buttons}">${choices.map((choice, index) => htmlButton(choice.label, link(choice.body), 'neutral', descriptions[index] || undefined)).join('')}</div><div style="${STYLE.hint}">${escapeHtml(phone.buttons.tapHint)} ${escapeHtml(phone.dialog.pick)}</div>`
			: `<div style="${STYLE.buttons}">${choices.map((choice) => htmlButton(choice.label, link(choice.body), choice.look)).join('')}</div><div style="${STYLE.hint}">${escapeHtml(phone.buttons.tapHint)}</div>`;
	const answerList = question
		? ''
		: `<div style="${STYLE.hint}">${escapeHtml(phone.dialog.orReply)}</div><div style="${STYLE.answers}">${[...choices.map((choice) => [choice.words, choice.meaning]), [ANSWER_WORDS.feedback, phone.dialog.feedback]].map(([answer, meaning]) => `<div style="${STYLE.answerRow}"><code style="${STYLE.code}">${escapeHtml(answer!)}</code><br><span style="color:#59636e">${escapeHtml(meaning!)}</span></div>`).join('')}</div><div style="${STYLE.hint}">${escapeHtml(phone.dialog.elseRefused)}</div>`;
	const facts = [`${project} (${event.cwd}) ${phone.factsLine(input.host, formatTime(input.now))}`, phone.dialogTokenLine(token)];
	const text = [`${phone.kind[kind]}: ${headline}`, REPLY_MARKER, '', ...bodyText, '', ...facts, ''].join('\n');
	const html = htmlPage([
		`<div style="${STYLE.headline}"><span style="${STYLE.kind}background:${KIND_COLORS[kind]};">${escapeHtml(phone.kind[kind])}</span> ${escapeHtml(headline)}</div>`,
		`<div style="${STYLE.marker}">${escapeHtml(REPLY_MARKER)}</div>`,
		...bodyHtml,
		buttons,
		answerList,
		`<div style="${STYLE.facts}">${facts.map(escapeHtml).join('<br>')}</div>`,
	].filter(Boolean).join('\n'), language);
	return notificationMail(input, project, { subject, text, html });
}
