/**
 * When the HTML part shows the user's text better than the plain part. The
 * plain part normally wins (it keeps line breaks as typed), but some clients
 * derive it from the HTML the user composed and lose something on the way:
 *  - Gmail hard-wraps it at 78 columns (Outlook and others at 72–76), so one
 *    typed line arrives as two;
 *  - QQ Mail and Exmail strip the tags but leave the entities, so "2>&1"
 *    arrives as "2&gt;&amp;1" and spaces as "&nbsp;".
 * Both readings then carry the same words, and only the HTML one is what the
 * user typed. So the HTML reading wins exactly when it says the same thing
 * and the plain one differs from it by wrapping or by undecoded entities;
 * any other difference keeps the plain reading.
 */
import { decodeEntities } from './entities.js';

/** Why the plain reading lost the user's layout ('layout:wrapped' / 'layout:entities'), or null. */
export function plainLostLayout(plain: string, html: string): string | null {
	if (plain === html) return null;
	if (isHardWrapOf(plain, html)) return 'layout:wrapped';
	if (hasUndecodedEntities(plain, html)) return 'layout:entities';
	return null;
}

// Wrapping clients break at 72–78 columns; a break well before that was typed.
const MIN_FILL = 64;
const MAX_WIDTH = 80;
const CJK = /[\u3000-\u9fff\uff00-\uffef]/;

/**
 * The plain lines are the HTML lines with some spaces (or CJK gaps) turned into wrap breaks.
 * Walks each HTML line with an offset: joining the plain segments into a growing string
 * would copy it once per segment, quadratic in the length of a long line.
 */
function isHardWrapOf(plain: string, html: string): boolean {
	const p = plain.split('\n');
	let i = 0;
	let wrapped = false;
	for (const line of html.split('\n')) {
		const first = p[i++];
		if (first === undefined || (first !== line && !line.startsWith(first))) return false;
		let at = first.length;
		let segment = first;
		while (at !== line.length && i < p.length) {
			const next = p[i] ?? '';
			if (next.trim() === '' || !looksWrapped(segment, next)) return false;
			if (line[at] === ' ' && line.startsWith(next, at + 1)) at += 1 + next.length;
			else if (CJK.test(segment.slice(-1)) && line.startsWith(next, at)) at += next.length;
			else return false;
			segment = next;
			i++;
			wrapped = true;
		}
		if (at !== line.length) return false;
	}
	return wrapped && i === p.length;
}

/** A segment a wrapper produced: it fills the width, the next word would not have fit. */
function looksWrapped(segment: string, next: string): boolean {
	const firstWord = next.trimStart().split(/\s/)[0] ?? '';
	const width = [...segment].length;
	return width <= MAX_WIDTH && width + 1 + [...firstWord].length > MIN_FILL;
}

/** The plain text still holds entities the HTML reading decoded; otherwise they agree. */
function hasUndecodedEntities(plain: string, html: string): boolean {
	if (!/&(?:#\d+|#x[\da-f]+|[a-z]{2,8});/i.test(plain)) return false;
	const squash = (text: string): string => text.replace(/[\s\u00a0\u3000]+/g, '');
	return squash(decodeEntities(plain)) === squash(html) && squash(plain) !== squash(html);
}
