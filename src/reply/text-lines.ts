/** Small helpers over the lines of a body that every rule file shares. */
import { REPLY_MARKER_PATTERN } from '../mail/marker.js';

/** Our marker line with room for quoting and a client's padding. */
const MAX_MARKER_LINE = 300;

/**
 * Our "reply above this line" marker, also when a client could encode only
 * one of its two halves (Big5 or ASCII-only clients turn the other into "?").
 */
export function isMarkerLine(line: string): boolean {
	// Our marker is one short line; the patterns below backtrack on long ones (linear time: bound the input).
	if (line.length > MAX_MARKER_LINE) return false;
	const text = unquote(line).trim();
	return REPLY_MARKER_PATTERN.test(text) || /##-\s*Reply above this line\b.*-##/i.test(text) || /##-.*(?:请在此行以上回复|請在此行以上回覆|請在此行以上回復).*-##/.test(text);
}

/** One line-ending convention, no invisible characters, no-break spaces as spaces. ZWNJ/ZWJ stay: they spell Persian, Hindi and emoji (verify/sanitize.ts decides). */
export function normalizeText(text: string): string {
	return text
		.replace(/\r\n?/g, '\n')
		.replace(/[\u200b\u2060\ufeff\u00ad]/g, '')
		.replace(/[\u00a0\u2007\u202f]/g, ' ');
}

export function isBlank(line: string | undefined): boolean {
	return line === undefined || line.trim() === '';
}

/** A line the mail client quoted with ">" (possibly nested, possibly after one space). */
export function isQuotedLine(line: string): boolean {
	return /^ ?>/.test(line);
}

/** Strips ">" quoting (all levels) from a line. */
export function unquote(line: string): string {
	return line.replace(/^(?: ?>)+ ?/, '');
}

/**
 * Marks lines inside closed ``` / ~~~ fences (fence lines included): what the
 * user pasted as code is never a quote, header or signature, whatever it looks like.
 */
export function findFencedLines(lines: string[]): boolean[] {
	const fenced = lines.map(() => false);
	let open = -1;
	let fence = '';
	lines.forEach((line, i) => {
		const match = /^\s*(`{3,}|~{3,})/.exec(line);
		if (!match?.[1]) return;
		if (open === -1) {
			open = i;
			fence = match[1];
		} else if (match[1][0] === fence[0] && match[1].length >= fence.length && line.trim() === match[1]) {
			for (let k = open; k <= i; k++) fenced[k] = true;
			open = -1;
		}
	});
	return fenced;
}

/** Removes blank lines at both ends and trailing whitespace on every line. */
export function trimBlankEdges(lines: string[]): string[] {
	// trimEnd, not /\s+$/: that regex retries at every space of a long run and is quadratic in it.
	const trimmed = lines.map((line) => line.trimEnd());
	let start = 0;
	let end = trimmed.length;
	while (start < end && isBlank(trimmed[start])) start++;
	while (end > start && isBlank(trimmed[end - 1])) end--;
	return trimmed.slice(start, end);
}
