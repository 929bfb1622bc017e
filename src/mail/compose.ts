import { basename } from 'node:path';
import type { HookEvent } from '../hook/payload.js';
import { REPLY_MARKER } from './marker.js';
import { resolveLanguage, TEXTS, type Language, type Texts } from './i18n.js';

/** The language for a setting; a bad setting falls back to English (doctor reports it), so a mail still goes out. */
export function pickLanguage(setting?: string | null): Language {
	try {
		return resolveLanguage(setting);
	} catch {
		return 'en';
	}
}

const pickTexts = (setting?: string | null): Texts => TEXTS[pickLanguage(setting)];

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
	/** TASKPING_LANGUAGE (en / zh); default from the system locale. */
	language?: string | null;
}

export const oneLine = (text: string, max: number) => {
	const line = text.replace(/\s+/g, ' ').trim();
	return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

export const escapeHtml = (text: string) =>
	text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

export const indent = (text: string) => text.split('\n').map((line) => `    ${line}`).join('\n');

/** What happened, in a few words, for the subject line. */
export function summarizeEvent(event: HookEvent, texts: Texts = TEXTS.en): string {
	if (event.event === 'Stop') return event.lastAssistantMessage ? oneLine(event.lastAssistantMessage, 70) : texts.summary.waiting;
	if (event.notificationType === 'permission_prompt') return texts.summary.permission;
	if (event.notificationType === 'idle_prompt') return texts.summary.input;
	return oneLine(event.message ?? texts.summary.attention, 70);
}

function describeReplying(event: HookEvent, texts: Texts): string {
	return event.tmux ? texts.replyHowTo(event.tmux.pane) : texts.noTmux;
}

export function composeNotification(input: NotificationInput): OutgoingMail {
	const { event, token } = input;
	const texts = pickTexts(input.language);
	const project = basename(event.cwd) || event.cwd;
	const subject = `[TaskPing #${token}] ${project}: ${summarizeEvent(event, texts)}`;
	const said = event.event === 'Stop' ? event.lastAssistantMessage : event.message;
	const sections: Array<[string, string]> = [];
	if (said) sections.push([event.event === 'Stop' ? texts.claudeSaid : texts.claudeCodeSays, said]);
	if (input.lastPrompt) sections.push([texts.lastPrompt, input.lastPrompt]);
	const fact = (label: string, value: string) => `${`${label}:`.padEnd(9)}${value}`;
	const facts = [
		fact(texts.facts.project, event.cwd),
		fact(texts.facts.host, input.host),
		fact(texts.facts.time, input.now.toISOString()),
		fact(texts.facts.token, `#${token} (${texts.facts.validUntil(input.expiresAt)})`),
	];
	const text = [
		REPLY_MARKER,
		'',
		...sections.flatMap(([title, body]) => [title, indent(body), '']),
		...facts,
		'',
		describeReplying(event, texts),
		'',
	].join('\n');
	const html = [
		`<p style="color:#888">${escapeHtml(REPLY_MARKER)}</p>`,
		...sections.map(([title, body]) => `<p><b>${escapeHtml(title)}</b></p><pre style="white-space:pre-wrap;font-family:inherit">${escapeHtml(body)}</pre>`),
		`<p style="color:#555">${facts.map(escapeHtml).join('<br>')}</p>`,
		`<p>${escapeHtml(describeReplying(event, texts)).replace(/\n/g, '<br>')}</p>`,
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
	language?: string | null;
}

/** The short confirmation or rejection notice answering a user's reply. */
export function composeReplyAnswer(input: ReplyAnswerInput): OutgoingMail {
	const subject = /^re:/i.test(input.replySubject) ? input.replySubject : `Re: ${input.replySubject}`;
	const texts = pickTexts(input.language);
	const head = input.accepted ? texts.typedHead(input.project) : texts.notTypedHead;
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
