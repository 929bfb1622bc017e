/**
 * HTML character references. Mail clients use only a handful of named ones
 * (mostly &nbsp; and the typographic quotes), so a short table plus numeric
 * references covers real replies without a parser library.
 */
const NAMED: Record<string, string> = {
	nbsp: '\u00a0', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'",
	ensp: '\u2002', emsp: '\u2003', thinsp: '\u2009', zwnj: '\u200c', zwj: '\u200d',
	shy: '\u00ad', copy: '©', reg: '®', trade: '™', hellip: '…', mdash: '—', ndash: '–',
	lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', sbquo: '‚', bdquo: '„',
	laquo: '«', raquo: '»', middot: '·', bull: '•', times: '×', divide: '÷',
	yen: '¥', euro: '€', pound: '£', cent: '¢', sect: '§', para: '¶', deg: '°',
	plusmn: '±', larr: '←', rarr: '→', uarr: '↑', darr: '↓', harr: '↔',
	lArr: '⇐', rArr: '⇒', le: '≤', ge: '≥', ne: '≠', tilde: '˜', circ: 'ˆ',
	iexcl: '¡', iquest: '¿', acute: '´', uml: '¨', ordf: 'ª', ordm: 'º', not: '¬',
	frac12: '½', frac14: '¼', frac34: '¾', sup1: '¹', sup2: '²', sup3: '³', micro: 'µ',
};

/** Decodes &name; &#123; &#x1F; references; unknown names stay as written, as browsers do. */
export function decodeEntities(text: string): string {
	if (!text.includes('&')) return text;
	return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z][a-z0-9]*);?/gi, (whole, ref: string) => {
		if (ref[0] === '#') {
			const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
			if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff) return '\ufffd';
			return String.fromCodePoint(code);
		}
		const named = NAMED[ref] ?? NAMED[ref.toLowerCase()];
		// Without the semicolon only a known name counts, so "AT&T" and URLs survive.
		return named ?? whole;
	});
}
