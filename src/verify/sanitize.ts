/**
 * Mail text is pasted into the terminal that runs Claude Code. Anything a
 * terminal interprets rather than prints (control characters, escape
 * sequences) could end the bracketed paste and submit or type keystrokes;
 * anything invisible (bidi overrides, zero-width characters) could make the
 * text the model reads differ from the text the user saw in the mail. This
 * file removes both and says what it removed, so the caller can refuse.
 */

const ESC = 0x1b;
const BEL = 0x07;

// C1 introducers of escape sequences (8-bit forms of ESC [, ESC ], ESC P …).
const C1_CSI = 0x9b;
const C1_ST = 0x9c;
/** 8-bit string introducers: DCS, SOS, OSC, PM, APC. Their payload runs up to ST or BEL. */
const C1_STRING_STARTS = new Set([0x90, 0x98, 0x9d, 0x9e, 0x9f]);
/** 7-bit string introducers after ESC: P (DCS), X (SOS), ] (OSC), ^ (PM), _ (APC). */
const ESC_STRING_STARTS = new Set(['P', 'X', ']', '^', '_']);

/** Embeddings, overrides and isolates reorder what is shown: the phone shows one order, the terminal gets another. */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;
/** Marks (LRM, RLM, ALM) only nudge neutral characters; clients put them around attributions. */
const BIDI_MARK = /[\u200E\u200F\u061C]/u;
/** Variation selectors (VS1–VS16, VS17–VS256) can each carry a hidden byte; only an emoji's VS15/VS16 is text. */
const VARIATION_SELECTOR = /[\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/u;
const EMOJI_BASE = /^[\p{Emoji}\u20E3]$/u;
// U+2061–2064 (invisible operators) and U+206A–206F (deprecated format
// controls) are as invisible as the listed zero-width characters.
// A soft hyphen only marks where a word may break: removing it changes no word.
const ZERO_WIDTH = /[\u200B-\u200D\u2060-\u2064\u206A-\u206F\uFEFF\u180E\u00AD]/u;
/**
 * Every other format or default-ignorable character (interlinear annotation
 * U+FFF9–FFFB, Hangul fillers, CGJ, Mongolian selectors…) and the blank
 * Braille pattern: shown as nothing or as a blank, typed as a character, so
 * the reply is refused rather than typed with or without them.
 */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}\u2800]/u;
// Tag characters spell hidden ASCII a model reads but a mail client does not show.
const TAG = /[\u{E0000}-\u{E007F}]/u;
const ZWJ = '\u200D';
const ZWNJ = '\u200C';
/**
 * Scripts whose spelling uses ZWNJ/ZWJ between letters: Persian "به‌روزرسانی"
 * (ZWNJ keeps two letters apart), Hindi half forms (virama + ZWJ), and their
 * neighbours. There the joiner changes what is shown, so it is typed as
 * written; anywhere else (between Latin letters, at a word's edge, next to a
 * space) it shows nothing, can only split what a filter reads, and is refused.
 */
const JOINING_SCRIPTS = ['Arabic', 'Syriac', 'Thaana', 'Nko', 'Mongolian', 'Devanagari', 'Bengali', 'Gurmukhi', 'Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Sinhala', 'Tibetan', 'Myanmar', 'Khmer']
	.map((name) => new RegExp(`^\\p{Script=${name}}$`, 'u'));
const LETTER_OR_MARK = /^[\p{L}\p{M}]$/u;
const BLACK_FLAG = 0x1f3f4;
const PICTOGRAPHIC = /^\p{Extended_Pictographic}$/u;
/** VS16 (emoji presentation) and the five skin tones may sit between a pictograph and its ZWJ. */
const EMOJI_MODIFIER = /^[\u{FE0F}\u{1F3FB}-\u{1F3FF}]$/u;
/**
 * The only tag sequences with a picture: the flags of England, Scotland and
 * Wales. Any other run of tags after a black flag is hidden text.
 */
const FLAG_TAG_SEQUENCE =
	/\u{1F3F4}\u{E0067}\u{E0062}(?:\u{E0065}\u{E006E}\u{E0067}|\u{E0073}\u{E0063}\u{E0074}|\u{E0077}\u{E006C}\u{E0073})\u{E007F}/uy;

/** Remove control chars, escape sequences and invisible chars from mail text; report what went. */
export function sanitizeForTerminal(text: string): { text: string; removed: string[] } {
	const removed = new Set<string>();
	const lf = text.replace(/\r\n?/g, '\n');
	// Invisible characters go first so that an escape sequence split by them
	// (ESC U+200B [201~) is seen whole and removed whole.
	const visible = removeInvisible(lf, removed);
	const noEscapes = removeEscapeSequences(visible, removed);
	const clean = removeControls(noEscapes, removed);
	return { text: clean.normalize('NFC'), removed: [...removed] };
}

function isKeptControl(code: number): boolean {
	return code === 0x0a || code === 0x09;
}

/** C0, DEL and C1. */
function isControl(code: number): boolean {
	return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

/** Bytes the escape scanner needs to see: they start or end a sequence. */
function isEscapeSyntax(code: number): boolean {
	return code === ESC || code === BEL || code === C1_CSI || code === C1_ST || C1_STRING_STARTS.has(code);
}

function removeInvisible(text: string, removed: Set<string>): string {
	let out = '';
	// The last two characters kept, for the emoji test (reading `out` back would be quadratic).
	let last = '';
	let beforeLast = '';
	for (let i = 0; i < text.length; ) {
		const code = text.codePointAt(i) ?? 0;
		let kept = String.fromCodePoint(code);
		const width = kept.length;
		FLAG_TAG_SEQUENCE.lastIndex = i;
		const flag = code === BLACK_FLAG ? FLAG_TAG_SEQUENCE.exec(text) : null;
		if (flag) kept = flag[0];
		else if (isControl(code) && !isKeptControl(code) && !isEscapeSyntax(code)) kept = remove(removed, 'control');
		else if (BIDI_CONTROL.test(kept)) kept = remove(removed, 'bidi-control');
		else if (BIDI_MARK.test(kept)) kept = remove(removed, 'bidi');
		else if (VARIATION_SELECTOR.test(kept)) kept = isEmojiPresentation(code, last) ? kept : remove(removed, 'variation-selector');
		else if (kept === ZWJ && joinsEmoji(beforeLast, last, text.codePointAt(i + 1))) kept = ZWJ;
		else if ((kept === ZWJ || kept === ZWNJ) && joinsLetters(last, text.codePointAt(i + 1))) kept = text[i]!;
		else if (kept === ZWJ || kept === ZWNJ) kept = remove(removed, 'invisible-character');
		else if (ZERO_WIDTH.test(kept)) kept = remove(removed, 'zero-width');
		else if (TAG.test(kept)) kept = remove(removed, 'tag');
		else if (INVISIBLE.test(kept)) kept = remove(removed, 'invisible-character');
		if (kept !== '') {
			out += kept;
			beforeLast = last;
			last = kept;
		}
		i += flag ? kept.length : width;
	}
	return out;
}

/** VS15/VS16 right after a character that has an emoji form (❤️, 1️⃣ is 1 VS16 U+20E3). */
function isEmojiPresentation(code: number, last: string): boolean {
	return (code === 0xfe0e || code === 0xfe0f) && EMOJI_BASE.test(last);
}

function remove(removed: Set<string>, code: string): string {
	removed.add(code);
	return '';
}

/** A ZWJ between two pictographs (the first maybe with VS16 or a skin tone) only glues emoji; it cannot hide letters. */
function joinsEmoji(beforeLast: string, last: string, next: number | undefined): boolean {
	const after = next === undefined ? '' : String.fromCodePoint(next);
	const before = EMOJI_MODIFIER.test(last) ? beforeLast : last;
	return PICTOGRAPHIC.test(before) && PICTOGRAPHIC.test(after);
}

/** A joiner between two letters (or marks: a virama) of one script that spells with joiners. */
function joinsLetters(last: string, next: number | undefined): boolean {
	const after = next === undefined ? '' : String.fromCodePoint(next);
	if (!LETTER_OR_MARK.test(last) || !LETTER_OR_MARK.test(after)) return false;
	const script = JOINING_SCRIPTS.find((pattern) => pattern.test(last));
	return script !== undefined && script.test(after);
}

/**
 * Scan ECMA-48 sequences: CSI (ESC [ or 0x9B) params/intermediates/final;
 * strings (OSC, DCS, SOS, PM, APC) up to BEL or ST, or to the end of the text
 * as a terminal would swallow it; other ESC sequences (ESC ( B, ESC c …); and
 * any ESC left over. Nothing starting with ESC survives.
 */
function removeEscapeSequences(text: string, removed: Set<string>): string {
	let out = '';
	let i = 0;
	let afterRemoval = false;
	while (i < text.length) {
		const code = text.charCodeAt(i);
		let end = -1;
		if (code === ESC) {
			const next = text[i + 1] ?? '';
			if (next === '[') end = scanCsi(text, i + 2);
			else if (ESC_STRING_STARTS.has(next)) end = scanString(text, i + 2);
			else end = scanOtherEscape(text, i + 1);
		} else if (code === C1_CSI) {
			end = scanCsi(text, i + 1);
		} else if (C1_STRING_STARTS.has(code)) {
			end = scanString(text, i + 1);
		} else if (afterRemoval && (text.startsWith('[200~', i) || text.startsWith('[201~', i))) {
			// The tail of ESC [201~ whose ESC was cut off by another sequence.
			removed.add('bracketed-paste');
			i += 5;
			continue;
		}
		if (end < 0) {
			out += text[i];
			i += 1;
			afterRemoval = false;
			continue;
		}
		const sequence = text.slice(i, end);
		removed.add(/^(?:\x1b\[|\x9b)20[01]~$/.test(sequence) ? 'bracketed-paste' : 'escape-sequence');
		i = end;
		afterRemoval = true;
	}
	return out;
}

/** End of a CSI whose parameters start at `from`; an interrupted CSI ends where it broke off. */
function scanCsi(text: string, from: number): number {
	let i = from;
	while (i < text.length && inRange(text, i, 0x30, 0x3f)) i++;
	while (i < text.length && inRange(text, i, 0x20, 0x2f)) i++;
	return i < text.length && inRange(text, i, 0x40, 0x7e) ? i + 1 : i;
}

/** End of a control string: after BEL, ESC \ or 0x9C; stops before any other ESC, else runs to the end. */
function scanString(text: string, from: number): number {
	for (let i = from; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code === BEL || code === C1_ST) return i + 1;
		if (code === ESC) return text[i + 1] === '\\' ? i + 2 : i;
	}
	return text.length;
}

/** ESC, intermediates 0x20–0x2F, one final 0x30–0x7E (ESC ( B, ESC 7, ESC c); a lone ESC is one char. */
function scanOtherEscape(text: string, from: number): number {
	let i = from;
	while (i < text.length && inRange(text, i, 0x20, 0x2f)) i++;
	return i < text.length && inRange(text, i, 0x30, 0x7e) ? i + 1 : from;
}

function inRange(text: string, index: number, low: number, high: number): boolean {
	const code = text.charCodeAt(index);
	return code >= low && code <= high;
}

/** BEL and lone ST left outside any sequence, the last controls the scanner let through. */
function removeControls(text: string, removed: Set<string>): string {
	let out = '';
	for (const char of text) {
		const code = char.codePointAt(0) ?? 0;
		if (isControl(code) && !isKeptControl(code)) removed.add('control');
		else out += char;
	}
	return out;
}
