/**
 * A text part in a charset the parser cannot decode is read as UTF-8 with
 * replacement characters: mailparser refuses UTF-7 on purpose (it smuggles
 * markup and escape sequences past filters: +ABs- is ESC) and falls back on
 * names it does not know. The sender's mail client may well decode such a
 * part, so what would be typed is not what the sender saw. Every charset
 * named in the raw mail must therefore be one the WHATWG Encoding Standard
 * knows (Node's TextDecoder: UTF-8, GBK/GB18030, Big5, Shift_JIS, the ISO
 * and Windows code pages …), which covers what mail clients write.
 */

/** Content-Type header fields (with folded lines) of the message and of every part. */
const CONTENT_TYPE = /^content-type[ \t]*:[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*/gim;
const CHARSET_PARAM = /\bcharset\s*=\s*(?:"([^"\r\n]{0,80})"|'([^'\r\n]{0,80})'|([^\s;"'\r\n]{1,80}))/gi;
/** Names mail clients write that the Encoding Standard spells otherwise. */
const ALIASES: Record<string, string> = { cp936: 'gbk', 'ms936': 'gbk', cp950: 'big5', cp949: 'euc-kr', 'ks_c_5601': 'euc-kr', cp932: 'shift_jis', 'windows-31j': 'shift_jis' };
// Encoded words in headers (=?charset?B?…?=) name a charset as well.
const ENCODED_WORD = /=\?([^?\s*]{1,80})(?:\*[^?\s]*)?\?[bq]\?/gi;
const MAX_SCAN = 12 * 1024 * 1024;

function isDecodable(label: string): boolean {
	const name = label.trim().toLowerCase();
	if (/utf-?7/.test(name.replace(/[^a-z0-9-]/g, ''))) return false;
	try {
		new TextDecoder(ALIASES[name] ?? name);
		return true;
	} catch {
		return false;
	}
}

/** Distinct charset names in the mail that cannot be decoded faithfully (first 5). */
export function findUndecodableCharsets(raw: Buffer | string): string[] {
	const text = typeof raw === 'string' ? raw.slice(0, MAX_SCAN) : raw.subarray(0, MAX_SCAN).toString('latin1');
	const bad = new Set<string>();
	for (const field of text.matchAll(CONTENT_TYPE)) {
		for (const match of field[0].matchAll(CHARSET_PARAM)) {
			const name = match[1] ?? match[2] ?? match[3] ?? '';
			if (!isDecodable(name)) bad.add(name.toLowerCase());
		}
		if (bad.size >= 5) break;
	}
	for (const match of text.matchAll(ENCODED_WORD)) {
		if (!isDecodable(match[1] ?? '')) bad.add((match[1] ?? '').toLowerCase());
		if (bad.size >= 5) break;
	}
	return [...bad];
}
