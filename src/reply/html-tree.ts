/**
 * The tree a mail client builds from a reply's HTML, by the WHATWG parsing
 * algorithm (parse5, the parser jsdom uses). Every later decision (what is
 * visible, what is quoted, what is typed) is made on this tree, so markup a
 * browser reads one way can never be read another way here: self-closing
 * syntax on non-void elements, unterminated quotes, duplicate attributes,
 * foster parenting and implied end tags all come out as a browser has them.
 * The tree is copied into a small shape of our own (iteratively: a mail may
 * nest elements thousands deep).
 */
import { parse } from 'parse5';
import type { DefaultTreeAdapterMap } from 'parse5';

type P5Node = DefaultTreeAdapterMap['childNode'] | DefaultTreeAdapterMap['document'];

export interface HtmlElement {
	kind: 'element';
	/** Lower-case tag name as parse5 gives it (HTML namespace), or `svg:…` / `math:…` for foreign content. */
	name: string;
	attrs: Record<string, string>;
	children: HtmlNode[];
	parent: HtmlElement | null;
	/** True for elements outside the HTML namespace (SVG, MathML). */
	foreign: boolean;
	/** Children of a <template>, which a browser never renders. */
	templateContent?: HtmlNode[];
}
export interface HtmlText { kind: 'text'; text: string }
export type HtmlNode = HtmlElement | HtmlText;

const HTML_NS = 'http://www.w3.org/1999/xhtml';
const PREFIX: Record<string, string> = { 'http://www.w3.org/2000/svg': 'svg', 'http://www.w3.org/1998/Math/MathML': 'math' };

/**
 * Parses markup into a tree rooted at a synthetic element named '#root'
 * (children: the <html> element). Scripting is off, as in every mail client:
 * <noscript> content is then markup, as such a client shows it. Never throws.
 */
export function parseHtml(html: string): HtmlElement {
	const document = parse(html, { scriptingEnabled: false });
	const root: HtmlElement = { kind: 'element', name: '#root', attrs: {}, children: [], parent: null, foreign: false };
	const stack: Array<{ from: P5Node; into: HtmlNode[]; parent: HtmlElement }> = [{ from: document, into: root.children, parent: root }];
	while (stack.length > 0) {
		const { from, into, parent } = stack.pop()!;
		for (const child of childrenOf(from)) {
			if (child.nodeName === '#text') into.push({ kind: 'text', text: (child as DefaultTreeAdapterMap['textNode']).value });
			if (!('tagName' in child)) continue; // comments, doctype
			const element = copyElement(child, parent);
			into.push(element);
			stack.push({ from: child, into: element.children, parent: element });
			if (child.tagName === 'template' && 'content' in child) {
				element.templateContent = [];
				stack.push({ from: child.content as unknown as P5Node, into: element.templateContent, parent: element });
			}
		}
	}
	return root;
}

function childrenOf(node: P5Node): DefaultTreeAdapterMap['childNode'][] {
	return 'childNodes' in node ? node.childNodes : [];
}

function copyElement(from: DefaultTreeAdapterMap['element'], parent: HtmlElement): HtmlElement {
	const attrs: Record<string, string> = Object.create(null) as Record<string, string>;
	// parse5 already kept only the first of duplicate attributes, as browsers do.
	for (const attr of from.attrs) attrs[attr.prefix ? `${attr.prefix}:${attr.name}` : attr.name] = attr.value;
	const foreign = from.namespaceURI !== HTML_NS;
	const name = foreign ? `${PREFIX[from.namespaceURI] ?? 'foreign'}:${from.tagName}` : from.tagName;
	return { kind: 'element', name, attrs, children: [], parent, foreign };
}

/** All text below a node, as the browser would concatenate it (no layout). */
export function collectText(node: HtmlNode): string {
	if (node.kind === 'text') return node.text;
	let out = '';
	const stack: HtmlNode[] = [node];
	while (stack.length > 0) {
		const next = stack.pop()!;
		if (next.kind === 'text') out += next.text;
		else for (let i = next.children.length - 1; i >= 0; i--) stack.push(next.children[i]!);
	}
	return out;
}
