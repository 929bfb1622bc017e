/**
 * The user's new text from a reply, for typing into Claude Code: the body
 * the client wrote, minus quoted history, thread headers, signatures and app
 * taglines, with the user's own line breaks and indentation kept exactly.
 */
import type { ParsedMail } from 'mailparser';
import { detectAutomated } from './automated.js';
import { chooseBody } from './body.js';
import { findHistoryStart } from './history.js';
import { stripReplyPrefixes } from './headers.js';
import { removeQuotedBlocks } from './quotes.js';
import { stripKnownSignature, stripTextSignature } from './signatures.js';
import { findFencedLines, normalizeText, trimBlankEdges } from './text-lines.js';

export interface Extraction { text: string | null; automated: boolean; reasons: string[] }

type MailLike = Pick<ParsedMail, 'text' | 'html' | 'headers' | 'subject' | 'attachments'> & { contentType?: string };

/** The user's new text from a parsed mail, or null when the mail yields no command. Never throws on odd input. */
export function extractReply(mail: MailLike): Extraction {
	try {
		return extractOrThrow(mail);
	} catch {
		return { text: null, automated: false, reasons: ['error'] };
	}
}

function extractOrThrow(mail: MailLike): Extraction {
	const automated = detectAutomated(mail.headers ?? new Map(), mail.subject, mail.contentType);
	if (automated) return { text: null, automated: true, reasons: [automated] };

	const body = chooseBody(mail);
	const reasons: string[] = [`body:${body.source}`];
	const lines = normalizeText(body.text).split('\n');
	const fenced = findFencedLines(lines);
	const history = findHistoryStart(lines, fenced, mail.subject);
	if (history) reasons.push(`history:${history.reason}`);
	const region = history ? lines.slice(0, history.index) : lines;
	const isReply = /^\s*(?:re|aw|答复|回复|回覆|答覆)\s*[:：]/i.test(mail.subject ?? '');
	const { chunks, removed } = removeQuotedBlocks(region, fenced.slice(0, region.length), isReply);
	if (removed) reasons.push('quote');

	const kept = chunks.map((chunk) => cleanChunk(chunk, body.signatures)).filter((chunk) => chunk.length > 0);
	dropSenderAddressLine(kept, readSenderAddress(mail.headers));
	const text = kept.map((chunk) => chunk.join('\n')).join('\n\n');
	if (text.trim() === '') {
		const forward = history?.forward === true || isForwardSubject(mail.subject);
		return { text: null, automated: false, reasons: [...reasons, forward ? 'forward-without-note' : 'empty'] };
	}
	if (history?.forward) reasons.push('forward-note');
	return { text, automated: false, reasons };
}

/** One chunk of the user's own lines without signature, tagline or leftover markers. */
function cleanChunk(chunk: string[], signatures: string[]): string[] {
	// Placeholders for inline images ("[cid:…]" from Outlook, "[image: …]" from Gmail) are not text.
	let lines = chunk.filter((line) => !line.includes('\u0000') && !/^\s*\[(?:cid:[^\]]*|image: [^\]]*)\]\s*$/.test(line));
	for (const signature of signatures) lines = stripKnownSignature(trimBlankEdges(lines), signature);
	lines = stripTextSignature(lines, findFencedLines(lines));
	for (const signature of signatures) lines = stripKnownSignature(trimBlankEdges(lines), signature);
	return trimBlankEdges(lines);
}

/**
 * Foxmail and others sign with the bare address of the account; a last line
 * (after a blank one) that is just the sender's own address is that signature.
 */
function dropSenderAddressLine(chunks: string[][], address: string): void {
	const last = chunks[chunks.length - 1];
	if (!address || !last || last.length < 3) return;
	const line = (last[last.length - 1] ?? '').trim().toLowerCase();
	if ((line === address || line.endsWith(`<${address}>`)) && (last[last.length - 2] ?? '').trim() === '') {
		chunks[chunks.length - 1] = trimBlankEdges(last.slice(0, -1));
	}
}

function readSenderAddress(headers: ParsedMail['headers'] | undefined): string {
	const from = typeof headers?.get === 'function' ? (headers.get('from') as unknown) : undefined;
	if (from && typeof from === 'object' && 'value' in from && Array.isArray(from.value)) {
		const address = (from.value[0] as { address?: unknown } | undefined)?.address;
		return typeof address === 'string' ? address.toLowerCase() : '';
	}
	return '';
}

function isForwardSubject(subject: string | undefined): boolean {
	const s = (subject ?? '').trim();
	return /^(?:fw|fwd|转发|轉寄|轉發|tr|wg)\s*[:：]/i.test(s) && stripReplyPrefixes(s) !== s;
}
