/**
 * Quoted header blocks: the From/Sent/To/Subject lines Outlook, Foxmail,
 * QQ Mail, Lark, Mail Master and forwards put above the history, in English
 * and Chinese. A user's own "From:"/"To:" lines in a command are told apart
 * by what a real block always has: a date line, or our notification's subject.
 */
export type HeaderKind = 'from' | 'date' | 'to' | 'cc' | 'subject';

const LABELS: Array<[HeaderKind, RegExp]> = [
	['from', /^(?:From|De|Von|Van|Da|发件人|發件人|寄件者|寄件人|发信人|發信人)$/i],
	['date', /^(?:Sent|Date|Sent Time|Sent at|Datum|Gesendet|Envoyé|Enviado|发送时间|發送時間|发件时间|發件時間|时间|時間|日期|寄件日期|傳送時間|传送时间|发送日期|發送日期)$/i],
	['to', /^(?:To|An|À|Para|收件人|收件者|收信人)$/i],
	['cc', /^(?:Cc|Bcc|Kopie|抄送|抄送人|副本|抄送者|密送)$/i],
	['subject', /^(?:Subject|Betreff|Objet|Asunto|Oggetto|主题|主題|主旨|标题|標題)$/i],
];

/** The header a line is, with its value, or null. Knows "Label: v", "*Label:* v", "| Label | v |". */
export function parseHeaderLine(line: string): { kind: HeaderKind; value: string } | null {
	const text = line.trim().replace(/&nbsp;/g, ' ');
	// The label patterns backtrack over runs of spaces: they see only the head of the line, where a label sits.
	const head = text.slice(0, LABEL_WINDOW);
	const colon = COLON_LABEL.exec(head);
	const table = colon ? null : TABLE_LABEL.exec(head);
	const match = colon ?? table;
	if (!match?.[1]) return null;
	const rest = text.slice(match[0].length);
	// "*Label:* value" and "| Label | value |": the value without the markup around it.
	const value = colon ? rest.replace(/^\s*\**\s*/, '') : rest.replace(/\|$/, '');
	const label = match[1].trim();
	for (const [kind, pattern] of LABELS) if (pattern.test(label)) return { kind, value: value.trim() };
	return null;
}

const LABEL_WINDOW = 64;
const COLON_LABEL = /^\**\s*([A-Za-z][A-Za-z ]{0,12}?|[\u4e00-\u9fff]{2,4})\s*\**\s*[:：]/;
const TABLE_LABEL = /^\|\s*([A-Za-z][A-Za-z ]{0,12}?|[\u4e00-\u9fff]{2,4})\s*\|/;

export interface HeaderBlock { start: number; end: number; kinds: Set<HeaderKind>; subject: string | null }

/** The header block starting at line `start`, if one does (continuation lines allowed). */
export function readHeaderBlock(lines: string[], start: number): HeaderBlock | null {
	const first = lines[start];
	if (first === undefined || !parseHeaderLine(first)) return null;
	const kinds = new Set<HeaderKind>();
	let subject: string | null = null;
	let end = start;
	let misses = 0;
	for (let i = start; i < lines.length && i < start + 12; i++) {
		const header = parseHeaderLine(lines[i] ?? '');
		if (header) {
			if (kinds.has(header.kind) && header.kind !== 'cc') break; // a second block begins
			kinds.add(header.kind);
			if (header.kind === 'subject') subject = header.value;
			end = i;
			misses = 0;
		} else if ((lines[i] ?? '').trim() === '' || ++misses > 1) {
			break; // a wrapped To/Cc list may take one extra line; a blank ends the block
		}
	}
	return kinds.size >= 2 ? { start, end, kinds, subject } : null;
}

/**
 * Whether a block is quoted history rather than the user's text: it names a
 * sender and a date, or a sender and the subject of the mail being answered.
 */
export function isHistoryHeader(block: HeaderBlock, mailSubject: string | undefined, afterSeparator: boolean): boolean {
	const { kinds } = block;
	if (kinds.has('from') && kinds.has('date')) return true;
	if (kinds.has('date') && kinds.has('subject') && kinds.has('to')) return true;
	const subjectMatches = block.subject !== null && matchesSubject(block.subject, mailSubject);
	if (kinds.has('from') && subjectMatches) return true;
	return afterSeparator && kinds.has('from') && (kinds.has('to') || kinds.has('subject'));
}

function matchesSubject(quoted: string, mailSubject: string | undefined): boolean {
	if (/\[TaskPing\s*#/i.test(quoted)) return true;
	const ours = stripReplyPrefixes(mailSubject ?? '');
	const theirs = stripReplyPrefixes(quoted);
	return ours.length > 0 && theirs.length > 0 && (ours.includes(theirs) || theirs.includes(ours));
}

/** "Re: 回复: Fwd: x" → "x": the prefixes clients add in both languages. */
export function stripReplyPrefixes(subject: string): string {
	const s = subject.trim();
	// One sticky pass over the prefixes: re-slicing the subject after each one is quadratic in "Re: Re: Re: …".
	let at = 0;
	for (;;) {
		REPLY_PREFIX.lastIndex = at;
		if (!REPLY_PREFIX.exec(s)) return s.slice(at);
		at = REPLY_PREFIX.lastIndex;
	}
}

// The optional "[2]" counter owns its leading space, so no two `\s*` compete for one run of spaces.
const REPLY_PREFIX = /(?:re|aw|fw|fwd|tr|sv|vs|wg|答复|回复|回覆|覆|转发|轉寄|轉發|转寄|答覆)(?:\s*\[\d+\])?\s*[:：]\s*/iy;
