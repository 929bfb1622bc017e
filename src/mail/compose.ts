import { basename } from 'node:path';
import type { HookEvent } from '../hook/payload.js';
import { REPLY_MARKER } from './marker.js';

/** A mail ready for nodemailer: pure data, so composing is testable without a transport. */
export interface OutgoingMail {
	from: string;
	to: string[];
	subject: string;
	text: string;
	html: string;
	messageId: string;
	inReplyTo?: string;
	references?: string[];
	headers: Record<string, string>;
}

export interface NotificationInput {
	token: string;
	event: HookEvent;
	lastPrompt: string | null;
	host: string;
	now: Date;
	expiresAt: string;
	from: string;
	to: string[];
	messageId: string;
	/** Earlier notifications of this token, so clients thread them together. */
	previousMessageIds: string[];
}

export const oneLine = (text: string, max: number) => {
	const line = text.replace(/\s+/g, ' ').trim();
	return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

export const escapeHtml = (text: string) =>
	text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

export const indent = (text: string) => text.split('\n').map((line) => `    ${line}`).join('\n');

/** What happened, in a few words, for the subject line. */
export function summarizeEvent(event: HookEvent): string {
	if (event.event === 'Stop') return event.lastAssistantMessage ? oneLine(event.lastAssistantMessage, 70) : 'waiting for your instructions';
	if (event.notificationType === 'permission_prompt') return 'needs your permission';
	if (event.notificationType === 'idle_prompt') return 'waiting for your input';
	return oneLine(event.message ?? 'needs your attention', 70);
}

function describeReplying(event: HookEvent): string {
	if (!event.tmux) {
		return 'This Claude Code session is not running inside tmux, so replies to this mail cannot be typed back. Start Claude Code inside tmux to answer by email.';
	}
	return [
		'Reply to this mail: the new text you write above the quoted part is typed into',
		`Claude Code's prompt (tmux pane ${event.tmux.pane}) and submitted. Replies starting`,
		'with ! (shell) or / (slash command) are refused. 直接回复本邮件即可，您写的新内容会输入到 Claude Code。',
	].join('\n');
}

export function composeNotification(input: NotificationInput): OutgoingMail {
	const { event, token } = input;
	const project = basename(event.cwd) || event.cwd;
	const subject = `[TaskPing #${token}] ${project}: ${summarizeEvent(event)}`;
	const said = event.event === 'Stop' ? event.lastAssistantMessage : event.message;
	const sections: Array<[string, string]> = [];
	if (said) sections.push([event.event === 'Stop' ? 'Claude said:' : 'Claude Code says:', said]);
	if (input.lastPrompt) sections.push(['Your last prompt:', input.lastPrompt]);
	const facts = [
		`Project: ${event.cwd}`,
		`Host:    ${input.host}`,
		`Time:    ${input.now.toISOString()}`,
		`Token:   #${token} (valid until ${input.expiresAt})`,
	];
	const text = [
		REPLY_MARKER,
		'',
		...sections.flatMap(([title, body]) => [title, indent(body), '']),
		...facts,
		'',
		describeReplying(event),
		'',
	].join('\n');
	const html = [
		`<p style="color:#888">${escapeHtml(REPLY_MARKER)}</p>`,
		...sections.map(([title, body]) => `<p><b>${escapeHtml(title)}</b></p><pre style="white-space:pre-wrap;font-family:inherit">${escapeHtml(body)}</pre>`),
		`<p style="color:#555">${facts.map(escapeHtml).join('<br>')}</p>`,
		`<p>${escapeHtml(describeReplying(event)).replace(/\n/g, '<br>')}</p>`,
	].join('\n');
	return {
		from: input.from,
		to: input.to,
		subject,
		text,
		html,
		messageId: input.messageId,
		inReplyTo: input.previousMessageIds.at(-1),
		references: input.previousMessageIds.length ? input.previousMessageIds : undefined,
		// RFC 3834: vacation responders must not answer machine-generated mail.
		headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
	};
}

export interface ReplyAnswerInput {
	from: string;
	to: string;
	replySubject: string;
	replyMessageId: string | null;
	messageId: string;
	accepted: boolean;
	/** What was typed, or the rejection reason + fix. */
	body: string;
	project: string | null;
}

/** The short confirmation or rejection notice answering a user's reply. */
export function composeReplyAnswer(input: ReplyAnswerInput): OutgoingMail {
	const subject = /^re:/i.test(input.replySubject) ? input.replySubject : `Re: ${input.replySubject}`;
	const head = input.accepted
		? `Typed into Claude Code${input.project ? ` (${input.project})` : ''} and submitted:`
		: 'Not typed into Claude Code:';
	const text = `${head}\n\n${indent(input.body)}\n`;
	return {
		from: input.from,
		to: [input.to],
		subject,
		text,
		html: `<p>${escapeHtml(head)}</p><pre style="white-space:pre-wrap;font-family:inherit">${escapeHtml(input.body)}</pre>`,
		messageId: input.messageId,
		inReplyTo: input.replyMessageId ?? undefined,
		references: input.replyMessageId ? [input.replyMessageId] : undefined,
		// Marks this as an automatic answer, so it is never itself answered (no mail loops).
		headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' },
	};
}
