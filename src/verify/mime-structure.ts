/**
 * What the MIME structure of a raw mail says, read once and linearly, for
 * the things mailparser resolves silently one way while a mail client may
 * resolve them another: a parameter named twice (two boundary=, two
 * charset=), an RFC 2231 continuation hiding a charset or boundary name,
 * several alternatives of one type (mailparser joins two text/plain
 * alternatives; a client shows one) or an alternative of a kind TaskPing does
 * not read (text/enriched), and charsets whose decoding differs between
 * decoders (UTF-16 without byte order, ISO-2022-JP beyond its base sets).
 * Also what TaskPing would read other than the sender's client: a transfer
 * encoding outside RFC 2045's five (x-uuencode: Thunderbird decodes it, we
 * would type the raw lines), base64 that goes on after its `=` padding
 * (Node and Python stop there, mailparser reads on), visual Hebrew
 * (ISO-8859-8: browsers lay the bytes out visually, we would type them
 * reversed; the logical -I form is fine), and 8-bit bytes in a part with no
 * Content-Type at all (us-ascii by RFC 2045; clients guess a legacy charset).
 */

export interface MimeFindings {
	/** duplicate-mime-parameter, several-alternatives, unknown-charset, unreadable-encoding, unreadable-characters: each at most once. */
	codes: string[];
	/** What was found, for inspect. */
	details: string[];
}

interface Part {
	type: string;
	params: Map<string, string>;
	encoding: string;
	parent: string | null;
	/** The part had a Content-Type header (without one it is text/plain; charset=us-ascii). */
	typed: boolean;
}

const MAX_SCAN = 12 * 1024 * 1024;
/** Charset labels whose byte order or repertoire decoders disagree on. */
const AMBIGUOUS_CHARSET = /^(?:utf-16|utf-32|ucs-2|ucs-4|unicode|iso-2022-jp-\w+|iso-2022-(?:kr|cn)(?:-ext)?|csiso2022jp2?)$/i;
/** Escape sequences of ISO-2022-JP other than ASCII (ESC ( B) and JIS X 0208 (ESC $ @, ESC $ B): JIS-Roman, katakana, JIS X 0212 … */
const JIS_OTHER_ESCAPE = /\x1b(?!\(B|\$@|\$B)/;
const ALTERNATIVE_TYPES = new Set(['text/plain', 'text/html', 'multipart/related', 'multipart/mixed']);
/** RFC 2045 §6.1: the transfer encodings a reader must know; anything else (x-uuencode, x-binhex …) is read raw by some and decoded by others. */
const KNOWN_ENCODINGS = new Set(['7bit', '8bit', 'binary', 'quoted-printable', 'base64']);
/** WHATWG labels of ISO-8859-8, the visual-order Hebrew (the logical one is iso-8859-8-i, csiso88598i, logical). */
const VISUAL_HEBREW = /^(?:iso-8859-8|iso-8859-8-e|iso8859-8|iso88598|iso_8859-8|iso_8859-8:1988|iso-ir-138|hebrew|csisolatinhebrew|csiso88598e|visual)$/;

const UTF8_LABEL = /^(?:utf-8|utf8|unicode-1-1-utf-8|unicode11utf8|unicode20utf8|x-unicode20utf8)$/;

/** Whether a part's decoded bytes begin with EF BB BF; reads only the first few characters of the body (latin1). */
function startsWithUtf8Bom(body: string, encoding: string): boolean {
	const head = body.slice(0, 32).replace(/^\s+/, '');
	if (encoding === 'base64') return Buffer.from(head.replace(/[^A-Za-z0-9+/]/g, '').slice(0, 4), 'base64').subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]));
	if (encoding === 'quoted-printable') return /^=EF=BB=BF/i.test(head);
	return body.startsWith('\xef\xbb\xbf');
}

/** Reads the structure of a raw mail; never throws. */
export function readMimeStructure(raw: Buffer | string): MimeFindings {
	const text = typeof raw === 'string' ? raw.slice(0, MAX_SCAN) : raw.subarray(0, MAX_SCAN).toString('latin1');
	const found = new Map<string, string>();
	const flag = (code: string, detail: string) => {
		if (!found.has(code)) found.set(code, detail);
	};
	const boundaries = new Map<string, string>(); // delimiter line → multipart type
	const alternativeTypes = new Map<string, Set<string>>(); // delimiter → types seen in that alternative
	let parent: string | null = null;
	let headerLines: string[] = [];
	let inHeaders = true;
	let body: { part: Part; start: number } | null = null;
	let at = 0;
	while (at <= text.length) {
		const end = text.indexOf('\n', at);
		const lineEnd = end === -1 ? text.length : end;
		const line = text.slice(at, lineEnd).replace(/\r$/, '');
		if (inHeaders) {
			if (line === '') {
				const part = readPart(headerLines, parent, flag);
				headerLines = [];
				inHeaders = false;
				if (part.type.startsWith('multipart/') && part.params.has('boundary')) boundaries.set(`--${part.params.get('boundary')}`, part.type);
				if (part.parent !== null && boundaries.get(part.parent) === 'multipart/alternative') checkAlternative(part, alternativeTypes, flag);
				body = { part, start: end + 1 };
				if (part.type === 'message/rfc822') {
					inHeaders = true;
					body = null;
				}
			} else if (/^[ \t]/.test(line) && headerLines.length > 0) headerLines[headerLines.length - 1] += ` ${line.trim()}`;
			else headerLines.push(line);
		} else if (line.startsWith('--') && boundaries.size > 0) {
			const delimiter = line.trimEnd().replace(/--$/, '');
			if (boundaries.has(delimiter)) {
				if (body) checkBody(body.part, text.slice(body.start, at), flag);
				body = null;
				if (!line.trimEnd().endsWith('--') || line.trimEnd() === delimiter) {
					parent = delimiter;
					inHeaders = true;
				}
			}
		}
		if (end === -1) break;
		at = end + 1;
	}
	if (body) checkBody(body.part, text.slice(body.start), flag);
	return { codes: [...found.keys()], details: [...found.values()] };
}

function readPart(lines: string[], parent: string | null, flag: (code: string, detail: string) => void): Part {
	const part: Part = { type: 'text/plain', params: new Map(), encoding: '7bit', parent, typed: false };
	let contentTypes = 0;
	let encodings = 0;
	for (const line of lines) {
		const colon = line.indexOf(':');
		if (colon <= 0) continue;
		const name = line.slice(0, colon).trim().toLowerCase();
		const value = line.slice(colon + 1);
		if (name === 'content-transfer-encoding') {
			if (++encodings > 1) flag('duplicate-mime-parameter', 'a part has two Content-Transfer-Encoding headers');
			part.encoding = value.trim().toLowerCase();
		}
		if (name !== 'content-type' && name !== 'content-disposition') continue;
		if (name === 'content-type') part.typed = true;
		if (name === 'content-type' && ++contentTypes > 1) flag('duplicate-mime-parameter', 'a part has two Content-Type headers');
		const [head, ...rest] = splitOutsideQuotes(value, ';');
		if (name === 'content-type') part.type = (head ?? '').trim().toLowerCase() || 'text/plain';
		else part.params.set('#disposition', (head ?? '').trim().toLowerCase());
		readParams(rest, name, part.params, flag);
	}
	return part;
}

function readParams(items: string[], header: string, into: Map<string, string>, flag: (code: string, detail: string) => void): void {
	const seen = new Set<string>();
	for (const item of items) {
		const eq = item.indexOf('=');
		if (eq <= 0) continue;
		const key = item.slice(0, eq).trim().toLowerCase();
		const written = item.slice(eq + 1).trim();
		const value = written.replace(/^"([\s\S]*)"$/, '$1');
		const base = key.replace(/\*.*$/, '');
		// RFC 2045: an unquoted value is a token and ends at white space; some parsers end the boundary there, others take the rest.
		// (Specials such as = or / in an unquoted boundary break the RFC too, but every parser reads them alike, and old mailers write them.)
		if (base === 'boundary' && !written.startsWith('"') && /[\s"]/.test(written)) flag('unreadable-encoding', `${header} writes boundary=${written.slice(0, 60)} unquoted with a space in it, which mail programs cut at different places`);
		if (key !== base && (base === 'charset' || base === 'boundary')) flag(base === 'charset' ? 'unknown-charset' : 'duplicate-mime-parameter', `${header} writes ${key}= (an RFC 2231 form clients read differently)`);
		// name*0, name*1 … are one parameter in pieces; the same piece twice, or name and name*, is two.
		if (seen.has(key) || (key === base && seen.has(`${base}*`)) || (key === `${base}*` && seen.has(base))) flag('duplicate-mime-parameter', `${header} names ${base}= twice`);
		seen.add(key);
		if (!into.has(key)) into.set(key, value);
	}
}

function checkAlternative(part: Part, alternatives: Map<string, Set<string>>, flag: (code: string, detail: string) => void): void {
	const disposition = part.params.get('#disposition') ?? '';
	if (disposition === 'attachment') return;
	// Only the direct parts of a multipart/alternative are alternatives.
	const types = alternatives.get(part.parent!) ?? new Set<string>();
	alternatives.set(part.parent!, types);
	if (types.has(part.type)) flag('several-alternatives', `two ${part.type} alternatives`);
	else if (!ALTERNATIVE_TYPES.has(part.type)) flag('several-alternatives', `a ${part.type} alternative`);
	types.add(part.type);
}

function checkBody(part: Part, body: string, flag: (code: string, detail: string) => void): void {
	if (!KNOWN_ENCODINGS.has(part.encoding)) flag('unreadable-encoding', `a ${part.type} part has Content-Transfer-Encoding "${part.encoding.slice(0, 40)}" (TaskPing reads only 7bit, 8bit, binary, quoted-printable and base64)`);
	else if (part.encoding === 'base64' && hasDataAfterPadding(body)) flag('unreadable-encoding', `a ${part.type} part has base64 data after its = padding, which decoders read differently (some stop at the padding)`);
	if (!part.type.startsWith('text/')) return;
	const charset = (part.params.get('charset') ?? '').trim().toLowerCase();
	if (AMBIGUOUS_CHARSET.test(charset)) flag('unknown-charset', `a text part is in ${charset}, which decoders read differently`);
	if (VISUAL_HEBREW.test(charset)) flag('unknown-charset', `a text part is in ${charset} (visual-order Hebrew: mail programs show it laid out visually, TaskPing would type it reversed; ISO-8859-8-I or UTF-8 is read as written)`);
	if (startsWithUtf8Bom(body, part.encoding) && !UTF8_LABEL.test(charset)) flag('unknown-charset', `a text part labelled ${charset || 'us-ascii'} starts with a UTF-8 byte-order mark: browsers read it as UTF-8, other programs as labelled`);
	if (!part.typed && /[^\x00-\x7f]/.test(body)) flag('unreadable-characters', 'a text part has no Content-Type (so it is US-ASCII) but 8-bit bytes, which mail programs guess at differently');
	const isJis = /^(?:iso-2022-jp|csiso2022jp)$/.test(charset);
	const isSjis = /^(?:shift_jis|shift-jis|sjis|x-sjis|windows-31j|cp932|ms_kanji|csshiftjis)$/.test(charset);
	if (!isJis && !isSjis) return;
	const bytes = part.encoding === 'base64' ? Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64').toString('latin1') : part.encoding === 'quoted-printable' ? body.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : body;
	if (isSjis) {
		if (hasJisRomanByte(bytes)) flag('unknown-charset', 'a Shift_JIS part has a single-byte \\ or ~, which Japanese clients show as ¥ or ‾');
		return;
	}
	if (JIS_OTHER_ESCAPE.test(bytes)) flag('unknown-charset', 'an ISO-2022-JP part switches to JIS-Roman, half-width katakana or JIS X 0212, which decoders read differently');
}

/** Base64 letters after a `=` (whitespace and further `=` aside): a second stream glued on after the end of the first. */
function hasDataAfterPadding(body: string): boolean {
	const pad = body.indexOf('=');
	return pad >= 0 && /[A-Za-z0-9+/]/.test(body.slice(pad));
}

/** A 0x5C or 0x7E outside a two-byte Shift_JIS character (lead bytes 0x81–0x9F, 0xE0–0xFC take the next byte along). */
function hasJisRomanByte(bytes: string): boolean {
	for (let i = 0; i < bytes.length; i++) {
		const b = bytes.charCodeAt(i);
		if ((b >= 0x81 && b <= 0x9f) || (b >= 0xe0 && b <= 0xfc)) i++;
		else if (b === 0x5c || b === 0x7e) return true;
	}
	return false;
}

function splitOutsideQuotes(text: string, separator: string): string[] {
	const parts: string[] = [];
	let quoted = false;
	let start = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (c === '\\' && quoted) i++;
		else if (c === '"') quoted = !quoted;
		else if (c === separator && !quoted) {
			parts.push(text.slice(start, i));
			start = i + 1;
		}
	}
	parts.push(text.slice(start));
	return parts;
}
