/**
 * The tree a mail client builds from a reply's HTML, by the WHATWG parsing
 * algorithm (parse5, the parser jsdom uses). Every later decision (what is
 * visible, what is quoted, what is typed) is made on this tree, so markup a
 * browser reads one way can never be read another way here: self-closing
 * syntax on non-void elements, unterminated quotes, duplicate attributes,
 * foster parenting and implied end tags all come out as a browser has them.
 *
 * parse5 builds our own small node shape directly (a tree adapter), and one
 * parse serves the whole mail: the text reading (html.ts) and the checks
 * (verify/hidden-html.ts) walk the same HtmlPage. Parsing is most of what
 * reading HTML costs under the watcher's no-optimiser flags, and a copy of
 * parse5's tree would double what the collector has to move.
 */
import { parse } from 'parse5';
import type { TreeAdapter, TreeAdapterTypeMap, Token } from 'parse5';

export interface HtmlElement {
	kind: 'element';
	/** Lower-case tag name as parse5 gives it (HTML namespace), or `svg:…` / `math:…` for foreign content. */
	name: string;
	attrs: Record<string, string>;
	children: HtmlNode[];
	parent: HtmlElement | null;
	/** True for elements outside the HTML namespace (SVG, MathML). */
	foreign: boolean;
	/** What a <template> holds (a fragment of its own, as in the DOM), which a browser never renders. */
	templateContent?: HtmlElement;
	/** Conditional comments among the children (`<!--[if mso]>`, `<![if !supportLists]>`, `<![endif]>`): `at` children come before each. */
	conditionals?: Array<{ at: number; data: string }>;
}
export interface HtmlText { kind: 'text'; text: string }
export type HtmlNode = HtmlElement | HtmlText;

/** A parsed HTML part: the tree, rooted at '#root' (children: the <html> element), and its stylesheets. */
export interface HtmlPage {
	root: HtmlElement;
	/**
	 * Every element named `style` the parser made, in any namespace (an SVG
	 * <style> styles the whole page too), wherever it sits: a stylesheet
	 * applies to the whole page, so it is read once, here, for everyone.
	 */
	styles: HtmlElement[];
	/** How deep elements nest (the <html> element is 1): walkers refuse a page deeper than MAX_HTML_DEPTH before walking it. */
	depth: number;
	/** Set when the parse was given up (the tree is then empty): the markup nests too deep, or makes the parser build too many elements. */
	abandoned: 'too-deep' | 'too-many-elements' | null;
}

/** Deeper than any client nests (a long Gmail thread is a few dozen), shallow enough for any walk's stack. */
export const MAX_HTML_DEPTH = 512;
/**
 * Elements the parser may build for one page. A client's page has about one
 * per start tag; the standard's algorithm re-opens unclosed formatting
 * elements at every block (`<b id=1><p>x<b id=2><p>x…`), which builds
 * quadratically many from a few thousand tags: the parse stops here instead.
 */
export const MAX_HTML_ELEMENTS = 100_000;

class Abandon extends Error {
	constructor(readonly why: 'too-deep' | 'too-many-elements') {
		super(why);
	}
}

/**
 * Elements whose content no mail client shows, wherever they sit: head
 * matter, scripts, embedded and inert content, foreign content. The text
 * reading drops them; the checks refuse most of them in the user's part
 * (verify/html-allow.ts) and pass over the rest (head, style, meta, title).
 */
export const UNSEEN_ELEMENTS: ReadonlySet<string> = new Set(['head', 'style', 'script', 'title', 'template', 'xml', 'noscript', 'meta', 'link', 'object', 'iframe', 'svg', 'map']);

const HTML_NS = 'http://www.w3.org/1999/xhtml';
const PREFIX: Record<string, string> = { 'http://www.w3.org/2000/svg': 'svg', 'http://www.w3.org/1998/Math/MathML': 'math' };

/** Our element plus what parse5 asks of it while it builds the tree. */
interface BuildElement extends HtmlElement { tagName: string; namespaceURI: string; attrList: Token.Attribute[] }
/** A text node that knows its parent while the tree is built (the parser moves nodes). */
interface BuildText extends HtmlText { parent: BuildElement | null }
interface Comment { kind: 'comment'; data: string }
type BuildNode = BuildElement | BuildText | Comment;
type Map5 = TreeAdapterTypeMap<BuildNode, BuildElement, BuildNode, BuildElement, BuildElement, BuildElement, Comment, BuildText, BuildElement, Comment>;

/** Parses markup; scripting is off, as in every mail client (<noscript> content is then markup, as such a client shows it). Never throws. */
export function parseHtml(html: string): HtmlPage {
	const styles: HtmlElement[] = [];
	try {
		const document = parse<Map5>(html, { scriptingEnabled: false, treeAdapter: makeAdapter(styles) });
		return { root: document, styles, depth: measureDepth(document), abandoned: null };
	} catch (error) {
		if (!(error instanceof Abandon)) throw error;
		return { root: element('#root', '#root', HTML_NS, []), styles: [], depth: 0, abandoned: error.why };
	}
}

/** The deepest nesting, counted after the parse (the adoption agency moves whole subtrees while it builds). */
function measureDepth(root: HtmlElement): number {
	let deepest = 0;
	const stack: Array<[HtmlElement, number]> = [[root, 0]];
	while (stack.length > 0) {
		const [el, depth] = stack.pop()!;
		if (depth > deepest) deepest = depth;
		for (const child of el.children) if (child.kind === 'element') stack.push([child, depth + 1]);
	}
	return deepest;
}

/** The text of every stylesheet of the page, in document order. */
export function styleTexts(page: HtmlPage): string[] {
	return page.styles.map((style) => collectText(style));
}

const element = (name: string, tagName: string, namespaceURI: string, attrList: Token.Attribute[]): BuildElement => {
	const attrs: Record<string, string> = Object.create(null) as Record<string, string>;
	// parse5 already kept only the first of duplicate attributes, as browsers do.
	for (const attr of attrList) attrs[attr.prefix ? `${attr.prefix}:${attr.name}` : attr.name] = attr.value;
	return { kind: 'element', name, attrs, children: [], parent: null, foreign: namespaceURI !== HTML_NS && name !== '#root' && name !== '#fragment', tagName, namespaceURI, attrList };
};

const indexOfChild = (children: HtmlNode[], node: BuildNode): number => (children[children.length - 1] === node ? children.length - 1 : children.indexOf(node as HtmlNode));

function makeAdapter(styles: HtmlElement[]): TreeAdapter<Map5> {
	// The quirks mode a missing DOCTYPE sets changes the tree (a <table> does not close an open <p>).
	let mode = 'no-quirks' as ReturnType<TreeAdapter['getDocumentMode']>;
	// Bounds on the parser's own work: scope checks walk the open elements, re-opening builds elements.
	let made = 0;
	let open = 0;
	const adapter: TreeAdapter<Map5> = {
		createDocument: () => element('#root', '#root', HTML_NS, []),
		createDocumentFragment: () => element('#fragment', '#fragment', HTML_NS, []),
		createElement(tagName, namespaceURI, attrs) {
			if (++made > MAX_HTML_ELEMENTS) throw new Abandon('too-many-elements');
			const name = namespaceURI === HTML_NS ? tagName : `${PREFIX[namespaceURI] ?? 'foreign'}:${tagName}`;
			const built = element(name, tagName, namespaceURI, attrs);
			if (tagName === 'style') styles.push(built);
			return built;
		},
		createCommentNode: (data) => ({ kind: 'comment', data }),
		createTextNode: (value) => ({ kind: 'text', text: value, parent: null }),
		appendChild(parent, node) {
			if (node.kind === 'comment') return noteConditional(parent, parent.children.length, node.data); // comments are never shown
			parent.children.push(node);
			node.parent = parent;
		},
		insertBefore(parent, node, reference) {
			if (node.kind === 'comment') return noteConditional(parent, indexOfChild(parent.children, reference), node.data);
			parent.children.splice(indexOfChild(parent.children, reference), 0, node);
			node.parent = parent;
		},
		setTemplateContent(template, content) {
			template.templateContent = content;
			content.parent = template;
		},
		getTemplateContent: (template) => template.templateContent as BuildElement,
		setDocumentType: () => undefined,
		setDocumentMode: (_, value) => {
			mode = value;
		},
		getDocumentMode: () => mode,
		detachNode(node) {
			if (node.kind === 'comment' || !node.parent) return;
			const { children } = node.parent;
			children.splice(indexOfChild(children, node), 1);
			node.parent = null;
		},
		insertText(parent, text) {
			const last = parent.children[parent.children.length - 1];
			if (last?.kind === 'text') last.text += text;
			else adapter.appendChild(parent, { kind: 'text', text, parent: null });
		},
		insertTextBefore(parent, text, reference) {
			const before = parent.children[indexOfChild(parent.children, reference) - 1];
			if (before?.kind === 'text') before.text += text;
			else adapter.insertBefore(parent, { kind: 'text', text, parent: null }, reference);
		},
		adoptAttributes(recipient, attrs) {
			for (const attr of attrs) {
				const key = attr.prefix ? `${attr.prefix}:${attr.name}` : attr.name;
				if (key in recipient.attrs) continue;
				recipient.attrs[key] = attr.value;
				recipient.attrList.push(attr);
			}
		},
		getFirstChild: (node) => (node.children[0] as BuildNode | undefined) ?? null,
		getChildNodes: (node) => node.children as BuildNode[],
		getParentNode: (node) => (node.kind === 'comment' ? null : (node.parent as BuildElement | null)),
		getAttrList: (el) => el.attrList,
		getTagName: (el) => el.tagName,
		getNamespaceURI: (el) => el.namespaceURI as ReturnType<TreeAdapter['getNamespaceURI']>,
		getTextNodeContent: (node) => node.text,
		getCommentNodeContent: () => '',
		getDocumentTypeNodeName: () => '',
		getDocumentTypeNodePublicId: () => '',
		getDocumentTypeNodeSystemId: () => '',
		isTextNode: (node): node is BuildText => node.kind === 'text',
		isCommentNode: (node): node is Comment => node.kind === 'comment',
		isDocumentTypeNode: (_node): _node is Comment => false, // no DOCTYPE node is kept
		isElementNode: (node): node is BuildElement => node.kind === 'element',
		onItemPush: () => {
			if (++open > MAX_HTML_DEPTH) throw new Abandon('too-deep');
		},
		onItemPop: () => {
			open--;
		},
		setNodeSourceCodeLocation: () => undefined,
		getNodeSourceCodeLocation: () => undefined,
		updateNodeSourceCodeLocation: () => undefined,
	};
	return adapter;
}

/** Outlook's conditional comments decide what Outlook shows, so they are kept (where they sit) for the reader to judge; other comments show nothing. */
function noteConditional(parent: HtmlElement, at: number, data: string): void {
	if (/^\s*(?:\[if\b|<?!?\[endif\])/i.test(data)) (parent.conditionals ??= []).push({ at, data });
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
