/**
 * The separator and header block a client writes above the mail it quotes
 * without ">" (Outlook, QQ, Samsung, Yahoo, any language): told by shape
 * and by our own content after it, never by the separator's words. Shared
 * by the text reader (history.ts) and the tree reader (html-history.ts), so
 * both cut at the same place.
 */
import { readHeaderBlock } from './headers.js';
import { holdsOwnContent } from './own-content.js';
import { isBlank, isMarkerLine } from './text-lines.js';

// Outlook's and most clients' separator in any language ("-----Ursprüngliche Nachricht-----", "----- 元のメッセージ -----"):
// dashes around words. Its shape alone cuts nothing: our notification must follow it (ownHistoryFollows). The words may hold
// hyphens (Seznam's "---------- Původní e-mail ----------") and be a whole attribution (Zoho's "---- On <date> <sender> wrote ----").
export const SEPARATOR_SHAPE = /^[-_=—–*]{2,}[^-_=—–*](?:[^_=—–*]{0,198}[^-_=—–*])?[-_=—–*]{2,}$/;

const LABEL_LINE = /^[^\s:：][^:：]{0,30}[:：]\s*\S/;

/**
 * The header block a client writes above our quoted notification, in any
 * language ("De :/Envoyé :/À :/Objet :", "差出人:/送信日時:/宛先:/件名:", "От:/
 * Отправлено:/Кому:/Тема:"): told by structure (three or more "label: value"
 * lines in a row) and our own content (one value is our notification's
 * subject with its [TaskPing #…] tag, one an address), not by the labels.
 */
export function isOwnHeaderBlock(lines: string[], i: number): boolean {
	let end = i;
	while (end < lines.length && end - i < 8 && LABEL_LINE.test((lines[end] ?? '').trim().slice(0, 200))) end++;
	if (end - i < 3) return false;
	const block = lines.slice(i, end);
	return block.some((line) => /\[TaskPing #[A-Z0-9]{6,}\]/.test(line)) && block.some((line) => /@[^\s>]+\.[a-z]{2,}/i.test(line));
}

/**
 * Whether our notification starts right after a separator line: a header
 * block naming us (its subject tag, our name or address) or our marker
 * within the next few lines. A user's own "--- notes ---" line cuts nothing.
 */
export function ownHistoryFollows(lines: string[], i: number): boolean {
	let next = i + 1;
	while (next < lines.length && isBlank(lines[next])) next++;
	const block = readHeaderBlock(lines, next);
	if (block && holdsOwnContent(lines.slice(block.start, block.end + 1).join('\n'))) return true;
	if (isOwnHeaderBlock(lines, next)) return true;
	for (let k = next, seen = 0; k < lines.length && seen < 3; k++) {
		if (isBlank(lines[k])) continue;
		if (isMarkerLine((lines[k] ?? '').trim())) return true;
		seen++;
	}
	return false;
}
