/**
 * Our own content: what only a quoted copy of a TaskPing notification holds.
 * A reply quotes exactly one mail, ours, so quoted history is told by these
 * facts about our mail (its marker, our name, its token), in any language,
 * never by a word list. A quote without any of them, written between the
 * user's own lines, is the user's text: it is typed as the person saw it.
 */
import { REPLY_MARKER_PATTERN } from '../mail/marker.js';

/** Both markers a notification ever carried ("##- TaskPing · … -##", "##- Reply above this line … -##"). */
const MARKER = /##-[^\n]{0,200}?-##/;
/** Our name (the notification's From, subject tag, marker, often our address) and a token (older notifications' "Token:" line). */
const OUR_NAME = /TaskPing/i;
const TOKEN = /#[0-9A-Z]{13}\b/;
/** Enough of a quote to recognise ours: the marker sits near the top of a notification. */
export const OWN_TEXT_WINDOW = 4000;

/** Whether a text (a quote's, a history container's) holds our notification's content. */
export function holdsOwnContent(text: string): boolean {
	const head = text.length > OWN_TEXT_WINDOW ? text.slice(0, OWN_TEXT_WINDOW) : text;
	return MARKER.test(head) || REPLY_MARKER_PATTERN.test(head) || OUR_NAME.test(head) || TOKEN.test(head);
}

/**
 * A quote at the very top of a reply, above all of the user's words, is
 * what a bottom-posting client leaves when the user trims our notification
 * down to the sentence they answer ("> Should I fix them now?" then "Yes.").
 * A quoted shell line ("> build.log") is not prose and never counts.
 */
export function looksLikeQuotedProse(lines: string[]): boolean {
	const cjk = (line: string): boolean => /[\u3400-\u9fff]/.test(line);
	const shellLike = (line: string): boolean => /[|&;$`]|>>|\d>/.test(line) || (!cjk(line) && /^[\w.~-]*\/|^\S+$/.test(line));
	const text = lines.map((line) => line.trim()).filter((line) => line !== '');
	if (text.some(shellLike)) return false;
	return text.some((line) => cjk(line) || (/^\S+(?:\s+\S+){2,}/.test(line) && /[.?!:。？！：]$/.test(line)));
}
