/**
 * What each mail client's HTML marks: quoted history, client-inserted
 * signatures, content nobody sees. Classes and ids here are the ones the
 * clients themselves write, so a match is a fact about the mail, not a guess.
 */
import { UNSEEN_ELEMENTS, type HtmlElement } from './html-tree.js';

/**
 * hidden: never shown, dropped with its content.
 * signature: a client-marked signature block.
 * signature-start: the signature begins here and runs to the history.
 * skip: not content at all (UNSEEN_ELEMENTS: head, style, script…).
 */
export type ElementRole = 'hidden' | 'signature' | 'signature-start' | 'skip' | 'content';

const CUT_IDS = /^(?:x_)?(?:divRplyFwdMsg|appendonsend|mail-editor-reference-message-container|ms-outlook-mobile-body-separator-line|isReplyContent|isForwardContent|divNeteaseMailCard|reply139content|origbody|replySplit|stopSpelling|OLK_SRC_BODY_SECTION)$|^(?:x_)?lark-mail-quote/i;
// Yahoo prefixes its classes with the editor's id ("ydp5e6f7yahoo_quoted").
const CUT_CLASSES = /(?:^|\s)(?:ydp[0-9a-f]+)?(?:history-quote-wrapper|ntes-mailmaster-quote|yahoo_quoted|OutlookMessageHeader|protonmail_quote|zmail_extra|tutanota_quote|mail-quote-wrapper)(?:\s|$)/i;
const QUOTE_CLASSES = /(?:^|\s)(?:gmail_quote|gmail_attr|moz-cite-prefix|moz-forward-container|iosymail|quote|qt)(?:\s|$)/i;
const SIGNATURE_IDS = /^(?:x_)?(?:signature|imail_signature|ms-outlook-mobile-signature|spnEditorSign|spnEditorSign\d*|qm_signature|mailSign|signContainer|Signature_\w*)$/i;
const SIGNATURE_CLASSES = /(?:^|\s)(?:gmail_signature|moz-signature|ntes-signature|protonmail_signature_block|signRealArea|lark-mail-signature|mail-signature)(?:\s|$)/i;

/** Decides what an element is by the conventions of the client that wrote it. */
export function classifyElement(el: HtmlElement): ElementRole {
	const { name, attrs } = el;
	if (UNSEEN_ELEMENTS.has(name) || (name.includes(':') && name !== 'o:p')) return 'skip';
	const style = (attrs.style ?? '').toLowerCase().replace(/\s+/g, '');
	if (isHidden(attrs, style)) return 'hidden';
	// Thread history (quotes, cuts) is decided on the whole tree first (html-history.ts).
	const id = attrs.id ?? '';
	const cls = attrs.class ?? '';
	// Only blocks: a signature class on a span inside the user's sentence marks nothing.
	const block = name === 'sign' || name === 'td' || CONTAINERS.has(name);
	if (name === 'sign' || (block && (SIGNATURE_IDS.test(id) || SIGNATURE_CLASSES.test(cls) || attrs['data-smartmail'] === 'gmail_signature'))) return 'signature';
	if (name === 'a' && /^(?:x_)?_MailAutoSig$/i.test(attrs.name ?? '')) return 'signature-start';
	// Foxmail puts a short rule above its default signature.
	if (name === 'hr' && (/width:210px/.test(style) || (attrs.width === '210' && /b5c4df/i.test(attrs.color ?? '')))) return 'signature-start';
	if (name === 'div' && /(?:^|\s)gmail_quote(?:\s|$)/i.test(cls) && !/gmail_quote_container/i.test(cls)) return 'content';
	// QQ Mail / Exmail's dashed signature line sits in this exact grey style.
	if (/color:#909090/.test(style) && /arialnarrow/.test(style) && /^[\s\u00a0-]*$/.test(textOf(el))) return 'signature-start';
	return 'content';
}

/**
 * Where a client would put thread history: 'cut' (nothing after it is the
 * user's) or 'quote' (a quoted block, maybe between the user's paragraphs).
 * A candidate only: html-history.ts decides by what it holds. Only
 * containers count: a client's quote class on a span inside the user's own
 * paragraph marks nothing, so no word can vanish from the middle of it.
 */
export function findHistoryCandidate(el: HtmlElement): 'cut' | 'quote' | 'indent' | 'rule' | null {
	const { name, attrs } = el;
	const id = attrs.id ?? '';
	const cls = attrs.class ?? '';
	if (name === 'includetail') return 'cut'; // QQ Mail / Exmail wrap the whole history in it
	if (name === 'hr') return /^(?:x_)?(?:replySplit|stopSpelling)$/i.test(id) ? 'cut' : 'rule';
	if (!CONTAINERS.has(name)) return null;
	const style = (attrs.style ?? '').toLowerCase().replace(/\s+/g, '');
	if (CUT_IDS.test(id) || CUT_CLASSES.test(cls) || isOutlookHeaderBox(style)) return 'cut';
	// A blockquote without a quote's look (Gmail's indent, a bare one) is history only when it holds our notification.
	if (name === 'blockquote') return isQuoteBlock(attrs, style, cls) ? 'quote' : 'indent';
	if (QUOTE_CLASSES.test(cls) && !/(?:^|\s)gmail_quote(?:\s|$)/i.test(cls)) return 'quote';
	return null;
}

const CONTAINERS = new Set(['div', 'blockquote', 'table', 'section', 'article', 'aside', 'p', 'pre', 'center', 'body']);

function isHidden(attrs: Record<string, string>, style: string): boolean {
	if ('hidden' in attrs || attrs['aria-hidden'] === 'true' && /display:none/.test(style)) return true;
	if (/display:none|visibility:hidden|mso-hide:all/.test(style)) return true;
	if (/(?:^|;)(?:max-)?height:0(?:px)?(?:;|$)/.test(style) && /overflow:hidden/.test(style)) return true;
	if (/(?:^|;)font-size:0(?:px|pt|em)?(?:;|$)/.test(style) && !/font-size:0?\.\d/.test(style)) return true;
	return /(?:^|;)opacity:0(?:;|$)/.test(style);
}

function isOutlookHeaderBox(style: string): boolean {
	// Outlook desktop and Foxmail draw the quoted header box with a thin top border only.
	return /border-top:solid#(?:e1e1e1|b5c4df)/.test(style) || /border-top:#(?:e1e1e1|b5c4df)1\.0ptsolid/.test(style);
}

function isQuoteBlock(attrs: Record<string, string>, style: string, cls: string): boolean {
	if ((attrs.type ?? '').toLowerCase() === 'cite') return true;
	if (/quote|cite/i.test(cls) || /quote/i.test(attrs.id ?? '')) return true;
	// Gmail's "indent" button makes a blockquote with border:none; a real quote draws a bar.
	const bar = /border-left:(?!none|0)[^;]*(?:solid|#|rgb)/.test(style);
	return bar;
}

function textOf(el: HtmlElement): string {
	let out = '';
	for (const child of el.children) out += child.kind === 'text' ? child.text : textOf(child);
	return out;
}
