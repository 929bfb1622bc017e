import type { Language } from '../config/fields.js';

/**
 * The words of the reply queue's and the digest's mails, in the languages of
 * mail/i18n.ts (kept here so the queue's wording changes in one small file).
 */
export interface QueueTexts {
	queuedHead: string;
	/** Why it waits: the pane's state when the reply arrived. */
	waitingFor: Record<'claude-busy' | 'input-not-empty' | 'dialog-open' | 'behind', string>;
	ahead: (count: number) => string;
	until: (deadline: string) => string;
	digestSubject: (count: number) => string;
	digestHead: (count: number, from: string, to: string) => string;
	digestLine: (subject: string, firstLine: string, why: string) => string;
	digestFoot: string;
	noText: string;
}

const en: QueueTexts = {
	queuedHead: 'Queued behind the current turn: it will be typed into Claude Code as soon as the prompt is free, and you will get a second mail when it is.',
	waitingFor: {
		'claude-busy': 'Claude is still working on the current turn.',
		'input-not-empty': "Something is typed in Claude Code's input box; the reply waits until it is sent or cleared.",
		'dialog-open': 'Claude is showing a dialog; the reply waits until the dialog is answered (it is never typed into a dialog).',
		behind: 'Earlier replies to this session are waiting too; they are typed first, one per turn.',
	},
	ahead: (count) => `${count} earlier ${count === 1 ? 'reply is' : 'replies are'} ahead of it.`,
	until: (deadline) => `If it cannot be typed by ${deadline} (the token's lifetime), it is dropped and you are told.`,
	digestSubject: (count) => `[TaskPing] ${count} ${count === 1 ? 'reply was' : 'replies were'} not typed`,
	digestHead: (count, from, to) => `${count} of your ${count === 1 ? 'reply was' : 'replies were'} not typed into Claude Code between ${from} and ${to}. Each is listed with the reason:`,
	digestLine: (subject, firstLine, why) => `- ${subject}\n    "${firstLine}"\n    why: ${why}`,
	digestFoot: 'This summary is sent once per rate window instead of one answer per mail. Send again what is still wanted.',
	noText: '(no text)',
};

const zh: QueueTexts = {
	queuedHead: '已排队，等待当前这一轮完成：提示符空闲后会立即输入 Claude Code，输入后您会再收到一封邮件。',
	waitingFor: {
		'claude-busy': 'Claude 仍在处理当前这一轮。',
		'input-not-empty': 'Claude Code 的输入框里已有文字；等它被发送或清空后再输入。',
		'dialog-open': 'Claude 正在显示对话框；等对话框被回答后再输入（绝不会输入到对话框里）。',
		behind: '这个会话还有更早的回复在等待；它们会先被输入，每轮一条。',
	},
	ahead: (count) => `前面还有 ${count} 条回复。`,
	until: (deadline) => `如果到 ${deadline}（令牌有效期）仍无法输入，它会被放弃，并通知您。`,
	digestSubject: (count) => `[TaskPing] ${count} 条回复未被输入`,
	digestHead: (count, from, to) => `在 ${from} 到 ${to} 之间，您有 ${count} 条回复没有输入 Claude Code。逐条列出原因：`,
	digestLine: (subject, firstLine, why) => `- ${subject}\n    “${firstLine}”\n    原因：${why}`,
	digestFoot: '为避免每封邮件都回信，这份汇总每个频率窗口只发一次。仍需要的内容请重新发送。',
	noText: '（无文字）',
};

export const QUEUE_TEXTS: Record<Language, QueueTexts> = { en, zh };
