/**
 * ">"-quoted blocks inside the user's part of a reply. Top-, bottom- and
 * inline-posted replies all come down to: drop each quoted block of our
 * notification (and the attribution above it), keep the user's paragraphs
 * between them, in order. A block is our history only on evidence (our
 * content, an attribution naming us, or its place in the reply), because the
 * user's own lines may start with ">" too: a shell redirection, a quote of a
 * colleague, a format=flowed line that began with ">" (RFC 3676 4.4, which
 * mailparser has already un-stuffed). Those are typed as the person saw them.
 */
import { QUOTE_LINE } from './html.js';
import { attributionStartingBefore, endsLikeAttribution, isDatedSenderLine, isStrongAttribution, ownAttributionStart } from './attribution.js';
import { parseHeaderLine } from './headers.js';
import { isBlank, isMarkerLine, isQuotedLine, unquote } from './text-lines.js';
import { holdsOwnContent, looksLikeQuotedProse } from './own-content.js';

interface Block { start: number; end: number } // inclusive line range

/** Splits the user's region into the chunks they wrote, quotes and attributions removed. */
export function removeQuotedBlocks(lines: string[], fenced: boolean[], isReply = false): { chunks: string[][]; removed: boolean } {
	const isQuote = (i: number): boolean => !fenced[i] && (lines[i] === QUOTE_LINE || isQuotedLine(lines[i] ?? ''));
	const drop = lines.map(() => false);
	let seenQuote = false;
	for (const block of findBlocks(lines, isQuote)) {
		const own = hasQuoteEvidence(lines, block);
		const attribution = findAttributionAbove(lines, fenced, block.start, own);
		const namesUs = attribution !== -1 && holdsOwnContent(lines.slice(attribution, block.start).join('\n'));
		// Nothing of the user's above it: what a bottom-posting client leaves of our notification when the user trims it.
		const atTop = lines.slice(0, attribution === -1 ? block.start : attribution).every((line) => isBlank(line));
		const trimmedOurs = isReply && atTop && looksLikeQuotedProse(lines.slice(block.start, block.end + 1).filter(isQuotedLine).map(unquote));
		// Once inside our quoted notification, the later blocks are its other parts (an inline reply).
		const accepted = seenQuote || own || namesUs || trimmedOurs;
		if (!accepted) continue;
		seenQuote = true;
		for (let i = block.start; i <= block.end; i++) drop[i] = true;
		if (attribution !== -1) for (let i = attribution; i < block.start; i++) drop[i] = true;
	}
	const chunks: string[][] = [];
	let chunk: string[] = [];
	lines.forEach((line, i) => {
		if (drop[i]) {
			if (chunk.length) chunks.push(chunk);
			chunk = [];
		} else {
			chunk.push(line);
		}
	});
	if (chunk.length) chunks.push(chunk);
	return { chunks, removed: seenQuote };
}

/** Runs of quoted lines; blank lines between two quoted lines belong to the run. */
function findBlocks(lines: string[], isQuote: (i: number) => boolean): Block[] {
	const blocks: Block[] = [];
	let i = 0;
	while (i < lines.length) {
		if (!isQuote(i)) {
			i++;
			continue;
		}
		let end = i;
		for (let k = i + 1; k < lines.length; k++) {
			if (isQuote(k)) end = k;
			else if (!isBlank(lines[k])) break;
		}
		blocks.push({ start: i, end });
		i = end + 1;
	}
	return blocks;
}

/** First line of an attribution directly above line `start` (blank lines allowed between), or -1. */
function findAttributionAbove(lines: string[], fenced: boolean[], start: number, quotedIsOurs: boolean): number {
	let k = start - 1;
	while (k >= 0 && isBlank(lines[k])) k--;
	if (k < 0 || fenced[k]) return -1;
	const own = ownAttributionStart(lines, k, quotedIsOurs);
	if (endsLikeAttribution(lines[k] ?? '')) {
		const start = attributionStartingBefore(lines, k);
		return own === -1 ? start : Math.min(start, own);
	}
	if (isDatedSenderLine(lines[k] ?? '')) return k;
	// Any language: the structure (right above the quote) and our own content decide (attribution.ts).
	return own;
}

/** A block is our history if it holds our marker or name, an HTML quote the HTML reader judged ours, or a quoted header block. */
function hasQuoteEvidence(lines: string[], block: Block): boolean {
	const inner = lines.slice(block.start, block.end + 1);
	if (inner.includes(QUOTE_LINE)) return true;
	const text = inner.map(unquote);
	if (text.some(isMarkerLine) || holdsOwnContent(text.join('\n'))) return true;
	if (text.some((line) => isStrongAttribution(line))) return true;
	return text.filter((line) => parseHeaderLine(line) !== null).length >= 2;
}
