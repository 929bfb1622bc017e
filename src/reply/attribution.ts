/**
 * Attribution lines: what clients put above a quote ("On … wrote:",
 * "在 … 写道：", "… 于 … 写道：", "At … wrote:", "… 於 … 寫道："). Gmail and
 * Outlook wrap long ones, so a line may be the end of a two- or three-line one.
 */

// Ends every client's attribution, in the languages TaskPing users write.
const ATTRIBUTION_END = /(?:wrote|writes|schrieb|a écrit|escribió|scrisse)\s*[:：]$|(?:写道|寫道|写到|寫到|來信|来信)\s*[:：]?$/i;
const STRONG_SHAPES = [
	/^(?:On|At)\s.+(?:wrote|writes)\s*[:：]$/is,
	/^在.+(?:写道|寫道)\s*[:：]?$/s,
	/^.+(?:于|於).+(?:写道|寫道)\s*[:：]?$/s,
	/^.+<[^<>\s]+@[^<>\s]+>.*(?:wrote|写道|寫道)\s*[:：]?$/is,
];

/**
 * The longest attribution a client writes (a long name, address and full date,
 * wrapped over three lines) is well under this. The shapes above backtrack
 * (`.+` twice), so only text this long is ever tried against them.
 */
const MAX_ATTRIBUTION = 500;
/** The ending ATTRIBUTION_END looks for fits in this many characters ("寫道 :" with some room). */
const ENDING_CHARS = 40;

/** A line that ends the way an attribution ends (it may still be the user's own words). */
export function endsLikeAttribution(line: string): boolean {
	return ATTRIBUTION_END.test(line.trim().slice(-ENDING_CHARS));
}

const isStrongShape = (text: string): boolean => text.length <= MAX_ATTRIBUTION && STRONG_SHAPES.some((shape) => shape.test(text));

/**
 * If an attribution ends at line `end`, the index of its first line, else -1.
 * Wrapped attributions are joined back (Gmail breaks before the address).
 */
export function attributionStartingBefore(lines: string[], end: number): number {
	const last = lines[end];
	if (last === undefined || !endsLikeAttribution(last)) return -1;
	for (let start = end; start >= Math.max(0, end - 2); start--) {
		const slice = lines.slice(start, end + 1);
		if (slice.some((line, i) => i < slice.length - 1 && line.trim() === '')) break;
		const joined = slice.map((line) => line.trim()).join(' ');
		if (isStrongShape(joined)) return start;
	}
	return end; // ends like one: a weak attribution of one line
}

/**
 * An attribution no user sentence looks like: the client's shape, plus a date
 * or time and an address or quoted name. Only these may start history when no
 * quote follows them.
 */
export function isStrongAttribution(text: string): boolean {
	if (text.length > MAX_ATTRIBUTION * 2) return false;
	const joined = text.trim();
	if (!isStrongShape(joined)) return false;
	const dated = /\d{1,2}:\d{2}|\d{4}|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b|年|月|周|週|星期/i.test(joined);
	const named = /@|<[^>]+>|"[^"]+"|“[^”]+”/.test(joined);
	return dated && named;
}

/**
 * Clients outside the "wrote:" family still put one line above the quote that
 * names the sender and the date and ends in a colon: Tuta "6 Jan 2025, 09:14
 * by a@b.c:", Yandex "26.06.2014, 14:41, "A" <a@b.c>:", mail.ru "… от A
 * <a@b.c>:". A user's sentence rarely starts with a date and carries an
 * address and a time too, and this is only asked of the line right above a
 * quote or the history.
 */
export function isDatedSenderLine(line: string): boolean {
	const text = line.trim();
	if (text.length > 200 || !/[:：]$/.test(text)) return false;
	// These clients lead with the date; a user's sentence leads with words.
	if (!/^(?:\d|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b)/i.test(text)) return false;
	const address = /[^\s<>"'()[\]]+@[^\s<>"'()[\]]+\.[a-z]{2,}/i.test(text);
	const time = /(?:^|\D)\d{1,2}:\d{2}(?:\D|$)/.test(text);
	const date = /\d{4}|\d{1,2}[./-]\d{1,2}[./-]\d{2}|年|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b/i.test(text);
	return address && time && date;
}

/** Marks and embeddings clients wrap around names and addresses in right-to-left attributions, and BOMs. */
const INVISIBLE = /[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff\u00a0\u202f]/g;

/**
 * An attribution in any language, told by structure and by our own content
 * rather than by its verb ("schrieb", "a écrit", "escreveu", "のメール",
 * "님이 작성", no verb at all in Russian Gmail): it ends in a colon, carries
 * a date or time, and names us (an address, or our name). Only asked of the
 * lines directly above quoted history, so a user's sentence ending in a
 * colon above their own text is never taken for one. `quotedIsOurs`: the
 * quote below holds our notification, so a dated line with no name
 * ("Вы писали 15 сентября 2025 г., 4:30:44:") is its attribution too.
 */
export function isOwnAttribution(text: string, quotedIsOurs: boolean): boolean {
	const t = text.replace(INVISIBLE, ' ').trim();
	if (t.length > MAX_ATTRIBUTION || !/[:：]$/.test(t)) return false;
	// Any script's digits: Arabic and Persian clients write the date in their own ("٧ ديسمبر ٢٠٢٦، الساعة ٣:١٠").
	const dated = /(?:^|\P{Nd})\p{Nd}{1,2}:\p{Nd}{2}(?:\P{Nd}|$)|\p{Nd}{4}|\p{Nd}{1,2}[./-]\p{Nd}{1,2}[./-]\p{Nd}{2}/u.test(t);
	const named = /[^\s<>"'()[\]]+@[^\s<>"'()[\]]+\.[a-z]{2,}/i.test(t) || /TaskPing/i.test(t);
	return dated && (named || quotedIsOurs);
}

/** First line of an own attribution (up to three wrapped lines, no blank between) ending at `end`, or -1. */
export function ownAttributionStart(lines: string[], end: number, quotedIsOurs: boolean): number {
	for (let start = end; start >= Math.max(0, end - 2); start--) {
		if ((lines[start] ?? '').trim() === '') return -1;
		if (isOwnAttribution(lines.slice(start, end + 1).map((line) => line.trim()).join(' '), quotedIsOurs)) return start;
	}
	return -1;
}
