/**
 * The elements and attributes mail clients write into a reply (collected
 * from Gmail, Outlook, Apple Mail, Thunderbird, QQ/Foxmail/Exmail, NetEase,
 * Feishu fixtures), and how each is checked. Whatever is not listed, foreign
 * content (SVG, MathML), <template>, <noscript>, media with fallback
 * content, closed <details>/<dialog>, form controls, is refused by name:
 * its rendering differs between clients or hides text, so what would be
 * typed could differ from what the person saw.
 */
import type { HtmlElement } from '../reply/html-tree.js';
import { checkDeclarations, parseDeclarations, type Declaration, type Stylesheet } from './css-style.js';
import { checkValue } from './css-values.js';

const ELEMENTS = new Set([
	'#root', 'html', 'body', 'head', 'title', 'meta', 'style',
	'div', 'p', 'span', 'br', 'wbr', 'hr', 'a', 'img', 'font', 'center',
	'b', 'strong', 'i', 'em', 'u', 's', 'strike', 'del', 'ins', 'small', 'big', 'sub', 'sup', 'mark', 'tt', 'code', 'kbd', 'samp', 'var', 'cite', 'abbr', 'dfn', 'time',
	'blockquote', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
	'ul', 'ol', 'li', 'dl', 'dt', 'dd',
	'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'caption', 'colgroup', 'col',
	'article', 'section', 'header', 'footer', 'main', 'aside', 'nav', 'address', 'figure', 'figcaption',
	// Word's empty paragraph mark, QQ Mail's signature and history wrappers.
	'o:p', 'sign', 'includetail',
]);

const ATTRIBUTES = new Set([
	'class', 'id', 'style', 'dir', 'lang', 'xml:lang', 'title', 'align', 'valign', 'width', 'height', 'border', 'cellpadding', 'cellspacing',
	'bgcolor', 'color', 'face', 'size', 'href', 'name', 'target', 'rel', 'src', 'alt', 'cite', 'type', 'start', 'value', 'colspan', 'rowspan',
	'nowrap', 'clear', 'noshade', 'contenteditable', 'spellcheck', 'tabindex', 'role', 'xmlns', 'http-equiv', 'content', 'charset',
	'link', 'vlink', 'alink', 'text', 'signid', 'hspace', 'vspace', 'summary', 'scope', 'hidden', 'translate', 'autocorrect', 'autocapitalize',
	'data-outlook-trace', 'originalsrc', 'shash', 'data-auth', 'data-linkindex', 'moz-do-not-send', 'apple-inline', 'apple-width', 'apple-height',
	'itemscope', 'itemtype', 'itemprop',
]);

const DIR = /^(?:ltr|rtl|auto)$/i;
/** Declarations that only change how the element's own content shows (none of them paints over other text). */
const SELF_ONLY = new Set(['mso-hide', 'font-size', 'max-height', 'max-width', 'overflow', 'opacity', 'line-height', 'visibility', 'color', 'display', 'width', 'height']);

/** An element holding nothing but whitespace and invisible characters, and no elements. */
function isWordless(el: HtmlElement): boolean {
	return el.children.every((child) => child.kind === 'text' && /^[\s\p{Cf}]*$/u.test(child.text));
}

/**
 * The problem with one element of the user's part, or null when it is on the
 * allow-list. `declarations`: its style attribute, parsed once by the caller
 * (null when it has none or it is not plain CSS).
 */
export function checkElement(el: HtmlElement, declarations: Declaration[] | null = el.attrs.style === undefined ? null : parseDeclarations(el.attrs.style)): string | null {
	if (el.foreign) return `the reply contains <${el.name.replace(/^\w+:/, '')}> (SVG/MathML), which mail clients show differently`;
	if (!ELEMENTS.has(el.name)) return `the reply contains a <${el.name}> element, which TaskPing does not read`;
	for (const name in el.attrs) {
		const problem = checkAttribute(el, name, el.attrs[name]!, declarations);
		if (problem) return problem;
	}
	return null;
}

function checkAttribute(el: HtmlElement, name: string, value: string, declarations: Declaration[] | null): string | null {
	const known = ATTRIBUTES.has(name) || /^(?:data|aria)-[\w-]+$/.test(name) || /^xmlns:\w+$/.test(name);
	if (!known) return `a <${el.name}> has the attribute ${name}, which TaskPing does not read`;
	const bad = (why: string) => `a <${el.name}> has ${name}="${value.slice(0, 40)}" (${why})`;
	if (name === 'style') {
		if (!declarations) return bad('not plain CSS');
		// A client's empty filler (Feishu's <span style="mso-hide:all;font-size:0">&zwnj;</span>) hides no words.
		const own = isWordless(el) ? declarations.filter((d) => !SELF_ONLY.has(d.name)) : declarations;
		return checkDeclarations(own, `a <${el.name}> style`);
	}
	if (name === 'dir' && !DIR.test(value.trim())) return bad('not a direction');
	if (name === 'bgcolor') return prefix(bad, checkValue('background-color', value));
	if ((name === 'color' && el.name === 'font') || (name === 'text' && el.name === 'body')) return prefix(bad, checkValue('color', value));
	if (name === 'size' && el.name === 'font' && !/^\s*[+-]?[1-7]\s*$/.test(value)) return bad('not a font size from 1 to 7');
	if (name === 'face') return prefix(bad, checkValue('font-family', value));
	if ((name === 'width' || name === 'height') && el.name !== 'img' && !/^\s*(?:\d+(?:\.\d+)?%?|)\s*$/.test(value)) return bad('not a plain size');
	return null;
}

function prefix(bad: (why: string) => string, problem: string | null): string | null {
	return problem ? bad(problem) : null;
}

/**
 * Hidden exactly as every browser hides it: display:none inline, the hidden
 * attribute (unless an inline display overrides it), or a class the
 * stylesheet hides with `.name{display:none}`.
 */
export function isHiddenElement(el: HtmlElement, sheet: Stylesheet, declarations: Declaration[] | null): boolean {
	const display = readInlineDisplay(declarations);
	if (display === 'none') return true;
	if ('hidden' in el.attrs && display === null) return true;
	if (sheet.hiddenClasses.size === 0 || !el.attrs.class) return false;
	return el.attrs.class.toLowerCase().split(/\s+/).some((name) => sheet.hiddenClasses.has(name));
}

function readInlineDisplay(declarations: Declaration[] | null): string | null {
	// Not plain CSS: checkElement refuses it unless hidden, so only a plain display:none counts.
	let display: string | null = null;
	for (const d of declarations ?? []) if (d.name === 'display') display = d.value.toLowerCase();
	return display;
}
