/**
 * The user's new text from a reply, for typing into Claude Code: the body
 * the client wrote, minus quoted history, thread headers, signatures and app
 * taglines, with the user's own line breaks and indentation kept exactly.
 */
import type { ParsedMail } from 'mailparser';
import { detectAutomated } from './automated.js';
import { chooseBody } from './body.js';
import type { HtmlPage } from './html-tree.js';
import { findHistoryStart } from './history.js';
import { stripReplyPrefixes } from './headers.js';
import { plainLostLayout } from './layout.js';
import { USER_QUOTE } from './line-writer.js';
import { removeQuotedBlocks } from './quotes.js';
import { isTagline, stripKnownSignature, stripTextSignature } from './signatures.js';
import { findFencedLines, normalizeText, trimBlankEdges } from './text-lines.js';

export interface Extraction {
	text: string | null;
	automated: boolean;
	reasons: string[];
	/**
	 * The user's own lines cut as a signature (the "-- " cut, a client-marked signature block), not
	 * our history and not an app tagline. Never typed; a permission answer approves only when these
	 * are an ordinary closing (dialog/closing.ts), so "yes\n-- \nNo! don't" presses nothing.
	 */
	setAside?: string[];
}

type MailLike = Pick<ParsedMail, 'text' | 'html' | 'headers' | 'subject' | 'attachments'> & { contentType?: string };

/**
 * The user's new text from a parsed mail, or null when the mail yields no
 * command. `page`: the HTML part's tree, when the caller parsed it already
 * (one parse per mail serves reading and checking). Never throws on odd input.
 */
export function extractReply(mail: MailLike, page?: HtmlPage): Extraction {
	try {
		return extractOrThrow(mail, page);
	} catch {
		return { text: null, automated: false, reasons: ['error'] };
	}
}

function extractOrThrow(mail: MailLike, page: HtmlPage | undefined): Extraction {
	const automated = detectAutomated(mail.headers ?? new Map(), mail.subject, mail.contentType);
	if (automated) return { text: null, automated: true, reasons: [automated] };

	const body = chooseBody(mail, page);
	const plain = readUserText(mail, body.text, body.signatures, `body:${body.source}`, body.marked);
	if (plain.text === null || body.alternative === undefined) return plain;
	// Some clients' plain part is a lossy copy of the HTML the user wrote (fs/layout.ts).
	const html = readUserText(mail, body.alternative, [], 'body:html', body.marked);
	const lost = html.text === null ? null : plainLostLayout(plain.text, html.text);
	return lost ? { ...html, reasons: [...html.reasons, lost] } : plain;
}

/** The user's text in one reading of the body (plain part, or HTML converted to lines). */
function readUserText(mail: MailLike, bodyText: string, signatures: string[], source: string, marked?: string[]): Extraction {
	const reasons: string[] = [source];
	const lines = normalizeText(bodyText).split('\n');
	const fenced = findFencedLines(lines);
	const history = findHistoryStart(lines, fenced, mail.subject);
	if (history) reasons.push(`history:${history.reason}`);
	const region = history ? lines.slice(0, history.index) : lines;
	const isReply = /^\s*(?:re|aw|答复|回复|回覆|答覆)\s*[:：]/i.test(mail.subject ?? '');
	const { chunks, removed } = removeQuotedBlocks(region, fenced.slice(0, region.length), isReply);
	if (removed) reasons.push('quote');

	const setAside: string[] = [...(marked ?? [])];
	const kept = chunks.map((chunk) => cleanChunk(chunk, signatures, setAside)).filter((chunk) => chunk.length > 0);
	dropSenderAddressLine(kept, readSenderAddress(mail.headers));
	const text = kept.map((chunk) => chunk.join('\n')).join('\n\n');
	if (text.trim() === '') {
		const forward = history?.forward === true || isForwardSubject(mail.subject);
		return { text: null, automated: false, reasons: [...reasons, forward ? 'forward-without-note' : 'empty'] };
	}
	if (history?.forward) reasons.push('forward-note');
	return { text, automated: false, reasons, setAside: setAside.filter((part) => part.trim() !== '') };
}

/** One chunk of the user's own lines without signature, tagline or leftover markers; the cut signature lines go to `setAside`. */
function cleanChunk(chunk: string[], signatures: string[], setAside: string[]): string[] {
	// The user's own quotes in HTML are typed as a plain-text client shows them, with ">" (html-history.ts).
	const shown = chunk.map((line) => (line.startsWith(USER_QUOTE) ? line.slice(1) : line));
	let lines = dropPlaceholders(shown.filter((line) => !line.includes('\u0000')));
	const before = trimBlankEdges(lines);
	for (const signature of signatures) lines = stripKnownSignature(trimBlankEdges(lines), signature);
	lines = stripTextSignature(lines, findFencedLines(lines), signatures.length > 0);
	for (const signature of signatures) lines = stripKnownSignature(trimBlankEdges(lines), signature);
	const kept = trimBlankEdges(lines);
	// Every step above only removes lines (a tail, or the paragraph under "-- "): `kept` is a subsequence of `before`.
	const cut: string[] = [];
	for (let i = 0, j = 0; i < before.length; i++) {
		if (j < kept.length && before[i] === kept[j]) j++;
		else if (before[i]!.trim() !== '' && !isTagline(before[i]!) && !/^\s*(?:--|—)\s*$/.test(before[i]!)) cut.push(before[i]!);
	}
	if (cut.length) setAside.push(cut.join('\n'));
	return kept;
}

/**
 * Placeholders for inline images ("[cid:…]" from Outlook, "[image: …]" from
 * Gmail) are not text. An image the user set apart with blank lines leaves
 * one gap, not two: the paragraphs around it stay as the user spaced them.
 */
function dropPlaceholders(lines: string[]): string[] {
	const out: string[] = [];
	for (let i = 0; i < lines.length; i++) {
		if (!/^\s*\[(?:cid:[^\]]*|image: [^\]]*)\]\s*$/.test(lines[i] ?? '')) {
			out.push(lines[i] ?? '');
			continue;
		}
		if ((out[out.length - 1] ?? '').trim() === '' && (lines[i + 1] ?? '').trim() === '') i++;
	}
	return out;
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
