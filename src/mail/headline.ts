/**
 * The one line a phone shows for a Stop mail (subject, push banner, preview):
 * Claude's closing question when it asks one — that is what the person must
 * answer — else its first line, as plain words (no `##`, `**` or backticks).
 */

/** A line of Markdown as the words a reader sees. */
export function plainMarkdownLine(line: string): string {
	return line
		.replace(/^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d{1,3}[.)]\s+)+/, '')
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/(\*\*|__)(.+?)\1/g, '$2')
		.replace(/(^|[^\w*])[*_]([^*_\s][^*_]*?)[*_](?=[^\w*]|$)/g, '$1$2')
		.replace(/`+([^`]+)`+/g, '$1')
		.replace(/~~(.+?)~~/g, '$1')
		.replace(/\s+/g, ' ')
		.trim();
}

/** Lines outside code fences, as plain words, blank ones dropped. */
function proseLines(text: string): string[] {
	const out: string[] = [];
	let fence: string | null = null;
	for (const line of text.split('\n')) {
		const match = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
		if (match) {
			if (fence === null) fence = match[1]!;
			else if (match[1]![0] === fence[0] && match[1]!.length >= fence.length) fence = null;
			continue;
		}
		if (fence !== null || /^\s*\|/.test(line)) continue;
		const plain = plainMarkdownLine(line);
		if (plain && !/^[-=*_|:\s]+$/.test(plain)) out.push(plain);
	}
	return out;
}

const QUESTION = /[?？]\s*$/;

/** Claude's closing question (from its last three prose lines), else its first line; null for an empty text. */
export function pickHeadline(text: string): string | null {
	const lines = proseLines(text);
	if (lines.length === 0) return null;
	for (const line of lines.slice(-3).reverse()) {
		if (!QUESTION.test(line)) continue;
		// The question sentence itself, not the statement before it on the same line.
		const sentences = line.split(/(?<=[.!。！])\s+/);
		return sentences.at(-1)!.trim();
	}
	return lines[0]!;
}
