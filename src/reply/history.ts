/**
 * Where the quoted thread history starts when the client did not prefix it
 * with ">": separators, header blocks, our own marker, attributions that can
 * only be a client's. Everything from that line down is not the user's.
 */
import { CUT_LINE, QUOTE_LINE } from './html.js';
import { attributionStartingBefore, endsLikeAttribution, isDatedSenderLine, isStrongAttribution, ownAttributionStart } from './attribution.js';
import { isHistoryHeader, readHeaderBlock } from './headers.js';
import { isBlank, isMarkerLine, isQuotedLine } from './text-lines.js';
import { HEADLINE_MARKER_PATTERN } from '../mail/marker.js';
import { holdsOwnContent } from './own-content.js';
import { isOwnHeaderBlock, ownHistoryFollows, SEPARATOR_SHAPE } from './separator.js';

export interface HistoryStart { index: number; forward: boolean; reason: string }

const SPACE = '(?:\\s|&nbsp;)*';
const REPLY_SEPARATOR = new RegExp(`^[-_=—–]{2,}${SPACE}(?:Original Message|Original|Originalnachricht|Message d'origine|原始邮件|原始郵件|原邮件|原郵件|原始信件|邮件原文|Replied Message|回复的原邮件|回覆的原郵件|回復的原郵件)${SPACE}[-_=—–]{2,}$`, 'i');
const FORWARD_SEPARATOR = new RegExp(`^[-_=—–]{2,}${SPACE}(?:Forwarded message|Forwarded Message|Forward Message|Forwarding messages?|Forwarded|转发的邮件|转发邮件|轉寄的郵件|轉發的郵件|转发邮件信息|转发消息|轉發消息|转发的原邮件|轉寄的原郵件|轉寄郵件|Weitergeleitete Nachricht|Message transféré)${SPACE}[-_=—–]{2,}$`, 'i');
const FORWARD_INTRO = /^(?:Begin forwarded message|转发的邮件|下面是被转发的邮件|以下是被转发的邮件|開始轉寄的郵件|以下為轉寄的郵件|轉寄的郵件|Anfang der weitergeleiteten Nachricht)\s*[:：]$/i;
// Lines that may sit just above a header block and belong to it.
const LEAD_IN = /^(?:[-_=—–*]{3,}|Original|Original Message|原始邮件|原始郵件|Forwarded message|转发的邮件)$/i;

/** Where the unquoted history starts, or null when the whole body may be the user's. */
export function findHistoryStart(lines: string[], fenced: boolean[], subject: string | undefined): HistoryStart | null {
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i] ?? '';
		if (fenced[i] || isQuotedLine(line)) continue;
		const text = line.trim();
		if (line === CUT_LINE) return { index: backOverLeadIn(lines, i), forward: false, reason: 'quote-html' };
		if (isMarkerLine(text)) return { index: backOverLeadIn(lines, headlineAbove(lines, i)), forward: false, reason: 'marker' };
		// A forward of our notification: the header block or marker of ours follows. The user's own "---- Forwarded message ----" line cuts nothing.
		if ((FORWARD_SEPARATOR.test(text) || FORWARD_INTRO.test(text)) && ownHistoryFollows(lines, i)) return { index: i, forward: true, reason: 'forward' };
		if ((REPLY_SEPARATOR.test(text) || SEPARATOR_SHAPE.test(text)) && ownHistoryFollows(lines, i)) return { index: backOverLeadIn(lines, i), forward: false, reason: 'separator' };
		const afterSeparator = i > 0 && LEAD_IN.test((lines[i - 1] ?? '').trim());
		const block = readHeaderBlock(lines, i);
		// A header block is history when it heads our notification (From: TaskPing…, Subject: […[TaskPing #…]): a pasted header block of another mail is the user's.
		if (block && isHistoryHeader(block, subject, afterSeparator || /^_{8,}$/.test((lines[i - 1] ?? '').trim())) && holdsOwnContent(lines.slice(block.start, block.end + 1).join('\n'))) {
			return { index: backOverLeadIn(lines, i), forward: false, reason: 'header' };
		}
		if (isOwnHeaderBlock(lines, i)) return { index: backOverLeadIn(lines, i), forward: false, reason: 'header' };
		if (endsLikeAttribution(text) && !quoteFollows(lines, i)) {
			const start = attributionStartingBefore(lines, i);
			const joined = lines.slice(start, i + 1).join(' ');
			// Only above our own notification: an attribution-like line above the user's own words cuts nothing.
			if (isStrongAttribution(joined) && ownContentBelow(lines, i)) return { index: backOverLeadIn(lines, start), forward: false, reason: 'attribution' };
		}
	}
	return null;
}

/** The current marker sits right under the notification's headline (marker.ts): that line is history too. */
function headlineAbove(lines: string[], marker: number): number {
	const above = lines[marker - 1];
	return HEADLINE_MARKER_PATTERN.test(lines[marker] ?? '') && above !== undefined && !isBlank(above) && !isQuotedLine(above) ? marker - 1 : marker;
}

/** True when the next non-blank line is a quote (then quotes.ts owns the attribution). */
function quoteFollows(lines: string[], i: number): boolean {
	for (let k = i + 1; k < lines.length; k++) {
		const line = lines[k] ?? '';
		if (isBlank(line)) continue;
		return isQuotedLine(line) || line === QUOTE_LINE || line === CUT_LINE;
	}
	return false;
}

/** Moves a history start up over blank lines, separators and an attribution right above it (any client's: attribution.ts). */
function backOverLeadIn(lines: string[], index: number): number {
	let start = index;
	while (start > 0) {
		const above = (lines[start - 1] ?? '').trim();
		if (above === '' || LEAD_IN.test(above) || REPLY_SEPARATOR.test(above) || SEPARATOR_SHAPE.test(above)) {
			start--;
			continue;
		}
		if (endsLikeAttribution(above)) {
			start = attributionStartingBefore(lines, start - 1);
			continue;
		}
		if (isDatedSenderLine(above)) {
			start--;
			continue;
		}
		const own = ownAttributionStart(lines, start - 1, true);
		if (own !== -1) {
			start = own;
			continue;
		}
		break;
	}
	return start;
}

/** Whether our notification (its marker, token tag or name) starts on the next line of text after line `i`. */
function ownContentBelow(lines: string[], i: number): boolean {
	let seen = 0;
	for (let k = i + 1; k < lines.length && seen < 1; k++) {
		if (isBlank(lines[k])) continue;
		if (/TaskPing|##-/.test(lines[k] ?? '') || isMarkerLine((lines[k] ?? '').trim())) return true;
		seen++;
	}
	return false;
}
