/**
 * Which body to read. The plain part, when the client wrote one, keeps the
 * user's line breaks as typed; the HTML part is read when it is all there is
 * (mailparser's own HTML-to-text re-wraps lines, so it is never used), and
 * always consulted for the signature the client marked in it, and as the
 * alternative reading for when the plain part lost the layout (fs/layout.ts).
 */
import type { ParsedMail } from 'mailparser';
import { convertHtml } from './html.js';
import type { HtmlPage } from './html-tree.js';

export interface Body {
	text: string;
	source: 'text' | 'html' | 'none';
	/** Client-marked signatures found in the HTML part, to strip from the plain part. */
	signatures: string[];
	/** Every client-marked signature in the HTML part, whichever part is read: set aside, never typed (extract.ts). */
	marked: string[];
	/** The HTML part's reading when the plain part was chosen, for fs/layout.ts to compare. */
	alternative?: string;
}

export type MailInput = Pick<ParsedMail, 'text' | 'html' | 'headers' | 'subject' | 'attachments'> & { contentType?: string };

/** The top-level MIME type, lower-case, from the argument or the parsed headers. */
export function readContentType(mail: { headers?: ParsedMail['headers']; contentType?: string }): string {
	if (typeof mail.contentType === 'string' && mail.contentType) return mail.contentType.toLowerCase().split(';')[0]!.trim();
	const header = mail.headers?.get?.('content-type') as unknown;
	if (typeof header === 'string') return header.toLowerCase().split(';')[0]!.trim();
	if (header && typeof header === 'object' && 'value' in header && typeof header.value === 'string') return header.value.toLowerCase().trim();
	return '';
}

/** Picks and decodes the body the user's text is read from; `page` is the HTML part's tree when the caller parsed it already. */
export function chooseBody(mail: MailInput, page?: HtmlPage): Body {
	const html = typeof mail.html === 'string' ? mail.html : '';
	const text = typeof mail.text === 'string' ? mail.text : '';
	// For a single text/html part mailparser fills `text` itself; that text is not the client's.
	const textIsGenerated = readContentType(mail) === 'text/html';
	if (html.trim() && (textIsGenerated || text.trim() === '')) {
		const converted = convertHtml(page ?? html);
		return { text: converted.text, source: 'html', signatures: [], marked: converted.signatures };
	}
	if (text.trim()) {
		if (!html.trim()) return { text, source: 'text', signatures: [], marked: [] };
		const converted = convertHtml(page ?? html);
		return { text, source: 'text', signatures: converted.signatures, marked: converted.signatures, alternative: converted.text };
	}
	return { text: '', source: 'none', signatures: [], marked: [] };
}
