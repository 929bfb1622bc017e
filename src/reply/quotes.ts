/**
 * ">"-quoted blocks inside the user's part of a reply. Top-, bottom- and
 * inline-posted replies all come down to: drop each quoted block (and the
 * attribution above it), keep the user's paragraphs between them, in order.
 * A block counts as a quote only on evidence, because the user's own shell
 * lines may start with ">" too.
 */
import { QUOTE_LINE } from './html.js';
import { attributionStartingBefore, endsLikeAttribution, isDatedSenderLine, isStrongAttribution, ownAttributionStart } from './attribution.js';
import { parseHeaderLine } from './headers.js';
import { isBlank, isMarkerLine, isQuotedLine, unquote } from './text-lines.js';

interface Block { start: number; end: number } // inclusive line range

/** Splits the user's region into the chunks they wrote, quotes and attributions removed. */
export function removeQuotedBlocks(lines: string[], fenced: boolean[], isReply = false): { chunks: string[][]; removed: boolean } {
	const isQuote = (i: number): boolean => !fenced[i] && (lines[i] === QUOTE_LINE || isQuotedLine(lines[i] ?? ''));
	const drop = lines.map(() => false);
	let seenQuote = false;
	for (const block of findBlocks(lines, isQuote)) {
		const attribution = findAttributionAbove(lines, fenced, block.start, hasQuoteEvidence(lines, block));
		const accepted = seenQuote || attribution !== -1 || hasQuoteEvidence(lines, block) || (isReply && looksLikeQuotedProse(lines, block));
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

/** A block is a client's quote if it holds our marker, an HTML quote, or a quoted reply of its own. */
function hasQuoteEvidence(lines: string[], block: Block): boolean {
	const inner = lines.slice(block.start, block.end + 1);
	if (inner.includes(QUOTE_LINE)) return true;
	const text = inner.map(unquote);
	if (text.some(isMarkerLine)) return true;
	if (text.some((line) => isStrongAttribution(line))) return true;
	return text.filter((line) => parseHeaderLine(line) !== null).length >= 2;
}

/**
 * In a reply whose user deleted the attribution, a quoted sentence ("> Should
 * I deploy?") is still a quote; a shell redirection ("> build.log") is not.
 */
function looksLikeQuotedProse(lines: string[], block: Block): boolean {
	const text = lines.slice(block.start, block.end + 1).filter((line) => isQuotedLine(line)).map(unquote);
	const cjk = (line: string): boolean => /[\u3400-\u9fff]/.test(line);
	const shellLike = (line: string): boolean => /[|&;$`]|>>|\d>/.test(line) || (!cjk(line) && /^[\w.~-]*\/|^\S+$/.test(line));
	if (text.some((line) => line.trim() !== '' && shellLike(line.trim()))) return false;
	return text.some((line) => cjk(line) || (/^\S+(?:\s+\S+){2,}/.test(line.trim()) && /[.?!:。？！：]$/.test(line.trim())));
}
