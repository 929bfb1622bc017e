/**
 * HTML body to text, laid out the way the reader saw it: one line per block,
 * <br> as a line break, no re-wrapping. Quoted history is replaced by marker
 * lines (so quotes.ts can still see where quotes sat between the user's
 * paragraphs), the user's own quotes are written with ">" as a plain-text
 * client shows them, and client-marked signatures are set aside.
 */
import { markHistory, type HistoryMark } from './html-history.js';
import { parseHtml, styleTexts, type HtmlElement, type HtmlNode, type HtmlPage } from './html-tree.js';
import { classifyElement } from './html-rules.js';
import { LineWriter } from './line-writer.js';

/** A line standing for a quoted block the HTML dropped. */
export const QUOTE_LINE = '\u0000quote\u0000';
/** A line standing for the start of the thread history: nothing after it is the user's. */
export const CUT_LINE = '\u0000cut\u0000';

export interface HtmlConversion {
	/** Text with "\n" line breaks, QUOTE_LINE / CUT_LINE where history was. */
	text: string;
	/** Text of each client-marked signature, for stripping it from the plain part too. */
	signatures: string[];
}

const BLOCKS = new Set(['div', 'p', 'blockquote', 'pre', 'ul', 'ol', 'li', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'article', 'header', 'footer', 'address', 'center', 'dl', 'dt', 'dd', 'form', 'fieldset', 'figure', 'details', 'summary', 'main', 'nav', 'aside', 'body', 'html', 'caption']);

interface Walk {
	out: LineWriter;
	history: Map<HtmlElement, HistoryMark>;
	signature: LineWriter | null; // set while inside a signature that runs to the history
	signatures: string[];
	stopped: boolean;
	pre: number;
	paragraphsSpaced: boolean;
}

/** Converts an HTML body (or its tree, parsed once per mail); never throws. */
export function convertHtml(html: string | HtmlPage): HtmlConversion {
	const page = typeof html === 'string' ? parseHtml(html) : html;
	const walk: Walk = { out: new LineWriter(), history: markHistory(page.root), signature: null, signatures: [], stopped: false, pre: 0, paragraphsSpaced: !declaresTightParagraphs(page) };
	visitChildren(page.root, walk);
	endSignature(walk);
	return { text: walk.out.finish(), signatures: walk.signatures.filter((s) => s.trim() !== '') };
}

function visitChildren(el: HtmlElement, walk: Walk): void {
	let index = 0;
	for (const child of el.children) {
		if (walk.stopped) return;
		if (child.kind === 'element' && child.name === 'li') index += 1;
		visit(child, walk, index);
	}
}

function visit(node: HtmlNode, walk: Walk, listIndex: number): void {
	const out = walk.signature ?? walk.out;
	if (node.kind === 'text') {
		out.text(node.text, walk.pre > 0);
		return;
	}
	const role = walk.history.get(node) ?? classifyElement(node);
	switch (role) {
		case 'skip':
		case 'hidden':
			return;
		case 'cut':
			endSignature(walk);
			walk.out.marker(CUT_LINE);
			walk.stopped = true;
			return;
		case 'quote':
			endSignature(walk);
			walk.out.marker(QUOTE_LINE);
			return;
		case 'user-quote':
			out.boundary();
			out.quoteDepth += 1;
			visitChildren(node, walk);
			out.boundary();
			out.quoteDepth -= 1;
			return;
		case 'signature': {
			const saved = walk.signature;
			const own = new LineWriter();
			walk.signature = own;
			visitChildren(node, walk);
			walk.signature = saved;
			walk.signatures.push(own.finish());
			walk.out.boundary();
			return;
		}
		case 'signature-start':
			if (!walk.signature) walk.signature = new LineWriter();
			if (node.name !== 'hr') visitElement(node, walk, listIndex);
			return;
		default:
			visitElement(node, walk, listIndex);
	}
}

function visitElement(el: HtmlElement, walk: Walk, listIndex: number): void {
	const name = el.name;
	const out = () => walk.signature ?? walk.out;
	if (name === 'br') return out().lineBreak();
	if (name === 'hr') return out().boundary();
	if (name === 'img') return; // inline images carry no text
	if (name === 'td' || name === 'th') out().space();
	const isPre = name === 'pre' || /white-space:\s*pre(?:-wrap|-line)?\b/i.test(el.attrs.style ?? '');
	const spaced = name === 'p' && walk.paragraphsSpaced && !isTightParagraph(el);
	if (BLOCKS.has(name)) spaced ? out().paragraph() : out().boundary();
	if (name === 'li') out().text(listPrefix(el, listIndex), true);
	if (isPre) walk.pre += 1;
	visitChildren(el, walk);
	if (isPre) walk.pre -= 1;
	if (BLOCKS.has(name)) spaced ? out().paragraph() : out().boundary();
}

function endSignature(walk: Walk): void {
	if (!walk.signature) return;
	walk.signatures.push(walk.signature.finish());
	walk.signature = null;
	walk.out.boundary();
}

function listPrefix(li: HtmlElement, index: number): string {
	const list = li.parent;
	let depth = 0;
	for (let node = list?.parent ?? null; node; node = node.parent) if (node.name === 'ul' || node.name === 'ol') depth += 1;
	const indent = '  '.repeat(depth);
	return list?.name === 'ol' ? `${indent}${index}. ` : `${indent}- `;
}

/** Word (Outlook) and most webmail editors zero the paragraph margins; then a <p> is just a line. */
function isTightParagraph(p: HtmlElement): boolean {
	const cls = p.attrs.class ?? '';
	if (/Mso/i.test(cls)) return true;
	const style = (p.attrs.style ?? '').toLowerCase().replace(/\s+/g, '');
	return /(?:^|;)margin:0(?:px|cm|in|pt)?(?:;|$)/.test(style) || (/margin-top:0/.test(style) && /margin-bottom:0/.test(style));
}

/** Word's `p.MsoNormal{margin:0cm}` (or a `p{margin:0}`) in a stylesheet: read rule by rule, so a long sheet costs its length once. */
function declaresTightParagraphs(page: HtmlPage): boolean {
	for (const css of styleTexts(page)) {
		for (let at = 0; at < css.length; ) {
			const open = css.indexOf('{', at);
			if (open === -1) break;
			const close = css.indexOf('}', open);
			const end = close === -1 ? css.length : close;
			if (/(?:^|[,\s])p(?:\.MsoNormal)?\s*(?:,|$)/i.test(css.slice(at, open)) && /margin(?:-top)?\s*:\s*0/i.test(css.slice(open + 1, end))) return true;
			at = end + 1;
		}
	}
	return false;
}
