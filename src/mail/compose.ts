import { basename } from 'node:path';
import type { HookEvent } from '../claude/payload.js';
import type { TurnSummary } from '../claude/turn-summary.js';
import { pickHeadline } from './headline.js';
import { escapeHtml } from './html-escape.js';
import { machineHeaders, type OutgoingMail } from './outgoing.js';
import type { Language } from '../config/fields.js';
import { resolveLanguage, TEXTS, type PhoneTexts, type Texts } from './i18n.js';
import { headOfMarkdown, renderMarkdown } from './markdown.js';
import { eventSections, eventSummary } from './compose-event.js';
import { REPLY_MARKER } from './marker.js';
import { replyLink } from './one-tap.js';
import { htmlButton, htmlPage, KIND_COLORS, STYLE } from './phone-style.js';
import { turnHtml, turnText } from './turn-view.js';

/** The language for a setting; a bad setting falls back to English (doctor reports it), so a mail still goes out. */
export function pickLanguage(setting?: string | null): Language {
	try {
		return resolveLanguage(setting);
	} catch {
		return 'en';
	}
}

export const pickTexts = (setting?: string | null): Texts => TEXTS[pickLanguage(setting)];

export type { OutgoingMail } from './outgoing.js';

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
	/** What Claude did this turn (files, commands, errors, time, tokens), read from the transcript at compose time. */
	turn?: TurnSummary | null;
}

export const oneLine = (text: string, max: number) => {
	const line = text.replace(/\s+/g, ' ').trim();
	return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

export { escapeHtml };

export const indent = (text: string) => text.split('\n').map((line) => `    ${line}`).join('\n');

/** What happened, in a few words, for the subject line: Claude's question (or first line) as plain words. */
export function summarizeEvent(event: HookEvent, texts: Texts = TEXTS.en): string {
	const special = eventSummary(event, texts);
	if (special) return oneLine(special, 90);
	if (event.event === 'Stop') return oneLine((event.lastAssistantMessage && pickHeadline(event.lastAssistantMessage)) || texts.summary.waiting, 70);
	if (event.notificationType === 'permission_prompt') return texts.summary.permission;
	if (event.notificationType === 'idle_prompt') return texts.summary.input;
	return oneLine(event.message ?? texts.summary.attention, 70);
}

/** Which kind of mail this is, first in the subject, so a phone's inbox tells them apart. */
export function eventKind(event: HookEvent): keyof PhoneTexts['kind'] {
	if (event.event === 'Stop') return 'done';
	if (event.notificationType === 'permission_prompt') return 'permission';
	if (event.notificationType === 'idle_prompt') return 'waiting';
	return 'notice';
}

/** "Done: Shall I deploy? · shop-api [TaskPing #K7Q2XM9PA4B3C]": kind and words first (phones show ~40 characters), the token last. */
export const formatSubject = (kind: string, words: string, project: string, token: string) => `${kind}: ${words} · ${project} [TaskPing #${token}]`;

/** The From with a display name ("TaskPing · shop-api"), unless the configured From already has one. */
export function formatFrom(from: string, project: string): string {
	if (from.includes('<')) return from;
	return `"TaskPing · ${project.replace(/["\\\r\n]/g, '')}" <${from.trim()}>`;
}

/** What every notification and dialog mail shares: From in the project's name, machine-generated. */
export const notificationMail = (input: Pick<NotificationInput, 'from' | 'to' | 'messageId'>, project: string, content: Pick<OutgoingMail, 'subject' | 'text' | 'html'>): OutgoingMail => ({
	from: formatFrom(input.from, project),
	to: input.to,
	...content,
	messageId: input.messageId,
	headers: machineHeaders('auto-generated'),
});

/** "2026-11-24 10:00 UTC": minutes are enough for a person, and the zone is said. */
export const formatTime = (date: Date | string) => `${new Date(date).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

function describeReplying(event: HookEvent, texts: Texts): string {
	return event.tmux ? texts.replyHowTo(event.tmux.pane) : texts.noTmux;
}

/** Lines of Claude's answer that go into the mail in full; the rest is attached. */
export const ANSWER_HEAD_LINES = 40;
export const ANSWER_FILE = 'claude-answer.md';

export function composeNotification(input: NotificationInput): OutgoingMail {
	const { event, token } = input;
	const texts = pickTexts(input.language);
	const phone = texts.phone;
	const language = pickLanguage(input.language);
	const project = basename(event.cwd) || event.cwd;
	const kind = eventKind(event);
	const headline = summarizeEvent(event, texts);
	const subject = formatSubject(phone.kind[kind], headline, project, token);
	const said = event.event === 'Stop' ? event.lastAssistantMessage : event.message;
	const answer = said ? headOfMarkdown(said, ANSWER_HEAD_LINES) : null;
	const more = answer?.moreLines ? phone.moreLines(answer.moreLines, ANSWER_FILE) : null;
	const facts = [`${project} (${event.cwd}) ${phone.factsLine(input.host, formatTime(input.now))}`, phone.tokenLine(token, formatTime(input.expiresAt))];
	// Auto-mode denial (what, why, what a reply can do), failed turn (why, when), the auto-mode note.
	const sections = eventSections(event, texts);
	const text = [
		`${phone.kind[kind]}: ${headline}`,
		REPLY_MARKER,
		'',
		...turnText(input.turn ?? null, event.cwd, phone),
		...(answer ? [event.event === 'Stop' ? texts.claudeSaid : texts.claudeCodeSays, indent(answer.head), ...(more ? [more] : []), ''] : []),
		...sections.flatMap(([title, body]) => [title, indent(body), '']),
		...(input.lastPrompt ? [texts.lastPrompt, indent(oneLine(input.lastPrompt, 300)), ''] : []),
		describeReplying(event, texts),
		'',
		...facts,
		'',
	].join('\n');
	const links = event.event === 'Stop' && event.tmux ? phone.buttons.followUps.map(([label, body]) => htmlButton(label, replyLink({ to: input.from, subject, inReplyTo: input.messageId, body }), 'neutral')) : [];
	const html = htmlPage([
		`<div style="${STYLE.headline}"><span style="${STYLE.kind}background:${KIND_COLORS[kind]};">${escapeHtml(phone.kind[kind])}</span> ${escapeHtml(headline)}</div>`,
		`<div style="${STYLE.marker}">${escapeHtml(REPLY_MARKER)}</div>`,
		turnHtml(input.turn ?? null, event.cwd, phone),
		answer ? renderMarkdown(answer.head) : '',
		more ? `<div style="${STYLE.more}">${escapeHtml(more)}</div>` : '',
		links.length ? `<div style="${STYLE.buttons}"><div style="${STYLE.hint}">${escapeHtml(phone.buttons.followUp)}</div>${links.join('')}</div>` : '',
		...sections.map(([title, body]) => `<div style="${STYLE.section}">${escapeHtml(title.replace(/[:：]$/, ''))}</div><pre style="white-space:pre-wrap;font-family:inherit">${escapeHtml(body)}</pre>`),
		input.lastPrompt ? `<div style="${STYLE.section}">${escapeHtml(texts.lastPrompt.replace(/[:：]$/, ''))}</div><div style="${STYLE.blockquote}">${escapeHtml(oneLine(input.lastPrompt, 300))}</div>` : '',
		`<div style="${STYLE.hint}">${escapeHtml(describeReplying(event, texts)).replace(/\n/g, ' ')}</div>`,
		`<div style="${STYLE.facts}">${facts.map(escapeHtml).join('<br>')}</div>`,
	].filter(Boolean).join('\n'), language);
	return {
		...notificationMail(input, project, { subject, text, html }),
		inReplyTo: input.previousMessageIds.at(-1),
		references: input.previousMessageIds.length ? input.previousMessageIds : undefined,
		attachments: more && said ? [{ filename: ANSWER_FILE, content: said, contentType: 'text/markdown; charset=utf-8' }] : undefined,
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
		headers: machineHeaders('auto-replied'),
	};
}
