/**
 * How TaskPing's mails look on a phone: inline styles (Gmail, Outlook and
 * most mail apps drop <style> blocks), one column that fits 390 px, system
 * fonts, code that wraps instead of widening the page, tables that scroll
 * inside their own box, and buttons big enough for a thumb.
 */
import { escapeHtml } from './html-escape.js';

const MONO = "ui-monospace,SFMono-Regular,Menlo,Consolas,'Liberation Mono',monospace";

export const STYLE = {
	body: "margin:0;padding:0;background:#ffffff;",
	column: "max-width:640px;margin:0 auto;padding:14px 16px 20px;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,'Helvetica Neue',Arial,'PingFang SC','Microsoft YaHei',sans-serif;font-size:16px;line-height:1.45;color:#1f2328;overflow-wrap:break-word;word-wrap:break-word;",
	kind: 'display:inline-block;font-size:12px;font-weight:600;letter-spacing:.04em;text-transform:uppercase;color:#ffffff;border-radius:4px;padding:2px 7px;margin:0 0 6px;',
	headline: 'font-size:19px;font-weight:600;line-height:1.3;margin:0 0 4px;',
	marker: 'font-size:11px;color:#9198a1;margin:0 0 12px;',
	section: 'margin:14px 0 6px;font-size:13px;font-weight:600;color:#59636e;text-transform:uppercase;letter-spacing:.04em;',
	summary: 'margin:0 0 12px;padding:8px 10px;background:#f6f8fa;border-radius:6px;font-size:14px;line-height:1.5;',
	summaryLine: 'margin:0;',
	paragraph: 'margin:0 0 10px;',
	list: 'margin:0 0 10px;padding-left:22px;',
	listItem: 'margin:2px 0;',
	blockquote: 'margin:0 0 10px;padding:0 0 0 10px;border-left:3px solid #d1d9e0;color:#59636e;',
	table: 'display:block;max-width:100%;overflow-x:auto;border-collapse:collapse;margin:0 0 10px;font-size:14px;',
	cell: 'border:1px solid #d1d9e0;padding:4px 8px;vertical-align:top;',
	headCell: 'background:#f6f8fa;font-weight:600;',
	hr: 'border:0;border-top:1px solid #d1d9e0;margin:12px 0;',
	link: 'color:#0969da;',
	code: `font-family:${MONO};font-size:.88em;background:#eff1f3;border-radius:4px;padding:1px 4px;`,
	pre: `font-family:${MONO};font-size:12.5px;line-height:1.4;white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word;background:#f6f8fa;border:1px solid #d1d9e0;border-radius:6px;padding:8px 10px;margin:0 0 10px;`,
	command: `font-family:${MONO};font-size:14px;line-height:1.4;white-space:pre-wrap;overflow-wrap:anywhere;background:#1f2328;color:#f0f3f6;border-radius:6px;padding:10px 12px;margin:6px 0 10px;`,
	more: 'margin:4px 0 12px;padding:8px 10px;border:1px dashed #d1d9e0;border-radius:6px;color:#59636e;font-size:14px;',
	buttons: 'margin:14px 0 6px;',
	button: 'display:inline-block;margin:0 8px 8px 0;padding:11px 18px;border-radius:8px;font-size:16px;font-weight:600;text-decoration:none;',
	caption: 'margin:4px 0 0;font-size:15px;color:#1f2328;',
	answers: 'margin:0 0 8px;font-size:14px;',
	answerRow: 'padding:6px 0;border-bottom:1px solid #eaeef2;',
	buttonNote: 'display:block;font-size:13px;font-weight:400;color:#59636e;margin-top:2px;',
	hint: 'margin:6px 0 12px;font-size:13px;color:#59636e;',
	facts: 'margin:18px 0 0;padding-top:8px;border-top:1px solid #eaeef2;font-size:12px;line-height:1.5;color:#818b98;',
} as const;

export const BUTTON_COLORS = {
	primary: 'background:#1f883d;color:#ffffff;border:1px solid #1a7f37;',
	danger: 'background:#ffffff;color:#cf222e;border:1px solid #cf222e;',
	neutral: 'background:#f6f8fa;color:#1f2328;border:1px solid #d1d9e0;',
} as const;

export const KIND_COLORS: Record<string, string> = {
	done: '#1f883d',
	permission: '#bf3989',
	question: '#8250df',
	waiting: '#9a6700',
	notice: '#59636e',
};

/** The whole HTML document around a body: viewport for phones, one readable column. */
export function htmlPage(body: string, language: string): string {
	return [
		'<!DOCTYPE html>',
		`<html lang="${language === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light"></head>`,
		`<body style="${STYLE.body}"><div style="${STYLE.column}">`,
		body,
		'</div></body></html>',
	].join('\n');
}

/** A one-tap answer: a link that opens a pre-filled reply in the phone's mail app. With a note, it is a full-width block. */
export function htmlButton(label: string, href: string, look: keyof typeof BUTTON_COLORS, note?: string): string {
	const block = note === undefined ? '' : 'display:block;text-align:left;margin-right:0;';
	return `<a href="${escapeHtml(href)}" style="${STYLE.button}${BUTTON_COLORS[look]}${block}">${escapeHtml(label)}${note === undefined ? '' : `<span style="${STYLE.buttonNote}">${escapeHtml(note)}</span>`}</a>`;
}
