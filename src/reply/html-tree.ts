/**
 * A forgiving HTML tree builder, just enough for mail bodies: mail clients
 * emit sloppy markup (unclosed <p>, Word's <o:p>, conditional comments), and
 * we only need element names, attributes and text in document order.
 */
import { decodeEntities } from './entities.js';

export interface HtmlElement {
	kind: 'element';
	name: string;
	attrs: Record<string, string>;
	children: HtmlNode[];
	parent: HtmlElement | null;
}
export interface HtmlText { kind: 'text'; text: string }
export type HtmlNode = HtmlElement | HtmlText;

const VOID = new Set(['br', 'hr', 'img', 'meta', 'link', 'input', 'wbr', 'col', 'area', 'base', 'source', 'embed', 'param', 'track', 'keygen', 'basefont', 'frame']);
// Content of these is never text a reader sees, and may contain "<" freely.
const RAW_TEXT = new Set(['script', 'style', 'title', 'textarea', 'xmp', 'noscript']);
// Opening one of these while a <p> is open closes the <p>, as browsers do.
const CLOSES_P = new Set(['p', 'div', 'blockquote', 'pre', 'table', 'ul', 'ol', 'dl', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'section', 'article', 'header', 'footer', 'address', 'center', 'form']);

/** Parses markup into a tree rooted at a synthetic element named '#root'. Never throws. */
export function parseHtml(html: string): HtmlElement {
	const root: HtmlElement = { kind: 'element', name: '#root', attrs: {}, children: [], parent: null };
	let current = root;
	// A lone quote may stand in a tag (sloppy markup); tags are only looked for up
	// to the last ">", so a stray "<" can never make the search quadratic.
	const tagPattern = /<!--[\s\S]*?(?:-->|$)|<![^>]*>|<\?[^>]*>|<\/?([a-zA-Z][\w:.-]*)((?:[^>"']|"[^"]*"|'[^']*'|["'])*)>/g;
	const tagEnd = html.lastIndexOf('>') + 1;
	const markup = html.slice(0, tagEnd);
	const lower = html.toLowerCase();
	let last = 0;
	let match: RegExpExecArray | null;
	const addText = (raw: string): void => {
		if (raw) current.children.push({ kind: 'text', text: decodeEntities(raw) });
	};
	while ((match = tagPattern.exec(markup)) !== null) {
		addText(html.slice(last, match.index));
		last = tagPattern.lastIndex;
		const rawName = match[1];
		if (!rawName) continue; // comment, doctype, <![if ...]>, <?xml ...?>
		const name = rawName.toLowerCase();
		if (match[0][1] === '/') {
			current = closeElement(current, name);
			continue;
		}
		if (CLOSES_P.has(name)) current = closeOpenParagraph(current);
		if ((name === 'li' || name === 'tr' || name === 'td' || name === 'th') && current.name === name && current.parent) current = current.parent;
		const element: HtmlElement = { kind: 'element', name, attrs: parseAttributes(match[2] ?? ''), children: [], parent: current };
		current.children.push(element);
		if (RAW_TEXT.has(name)) {
			const end = lower.indexOf(`</${name}`, last);
			const stop = end === -1 ? html.length : end;
			// Style text is kept so the converter can read paragraph margins from it.
			if (name === 'textarea' || name === 'style') element.children.push({ kind: 'text', text: decodeEntities(html.slice(last, stop)) });
			const close = html.indexOf('>', stop);
			last = close === -1 ? html.length : close + 1;
			tagPattern.lastIndex = last;
			continue;
		}
		const selfClosing = /\/\s*$/.test(match[2] ?? '');
		if (!VOID.has(name) && !selfClosing) current = element;
	}
	addText(html.slice(last));
	return root;
}

function closeElement(current: HtmlElement, name: string): HtmlElement {
	for (let node: HtmlElement | null = current; node && node.name !== '#root'; node = node.parent) {
		if (node.name === name) return node.parent ?? node;
	}
	return current; // a stray end tag closes nothing
}

function closeOpenParagraph(current: HtmlElement): HtmlElement {
	for (let node: HtmlElement | null = current; node && node.name !== '#root'; node = node.parent) {
		if (node.name === 'p') return node.parent ?? node;
		// An inline wrapper around the <p> is fine to step out of; a block is not.
		if (!['span', 'font', 'b', 'i', 'u', 'a', 'strong', 'em', 'o:p'].includes(node.name)) break;
	}
	return current;
}

function parseAttributes(source: string): Record<string, string> {
	const attrs: Record<string, string> = {};
	const pattern = /([^\s=/"'>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;
	let match: RegExpExecArray | null;
	while ((match = pattern.exec(source)) !== null) {
		const key = match[1]?.toLowerCase();
		if (!key) continue;
		attrs[key] = decodeEntities(match[2] ?? match[3] ?? match[4] ?? '');
	}
	return attrs;
}

/** All text below a node, as the browser would concatenate it (no layout). */
export function collectText(node: HtmlNode): string {
	if (node.kind === 'text') return node.text;
	return node.children.map(collectText).join('');
}
