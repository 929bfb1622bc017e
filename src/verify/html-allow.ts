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
import { checkDeclarations, parseDeclarations, shorthandLeft, type Declaration, type Stylesheet } from './css-style.js';
import { checkInlineValue, readPx } from './css-values.js';

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
	// Gmail web's emoji picture (<img data-emoji="👍" class="an1" alt="👍" draggable="false" loading="lazy">): neither changes what is shown.
	'draggable', 'loading',
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
export function checkElement(el: HtmlElement, declarations: Declaration[] | null = el.attrs.style === undefined ? null : parseDeclarations(el.attrs.style), sheet?: Stylesheet): string | null {
	if (el.foreign) return `the reply contains <${el.name.replace(/^\w+:/, '')}> (SVG/MathML), which mail clients show differently`;
	if (!ELEMENTS.has(el.name)) return `the reply contains a <${el.name}> element, which TaskPing does not read`;
	for (const name in el.attrs) {
		const problem = checkAttribute(el, name, el.attrs[name]!, declarations, sheet);
		if (problem) return problem;
	}
	return null;
}

function checkAttribute(el: HtmlElement, name: string, value: string, declarations: Declaration[] | null, sheet?: Stylesheet): string | null {
	const known = ATTRIBUTES.has(name) || /^(?:data|aria)-[\w-]+$/.test(name) || /^xmlns:\w+$/.test(name);
	if (!known) return `a <${el.name}> has the attribute ${name}, which TaskPing does not read`;
	const bad = (why: string) => `a <${el.name}> has ${name}="${value.slice(0, 40)}" (${why})`;
	if (name === 'style') {
		if (!declarations) return bad('not plain CSS');
		// A client's empty filler (Feishu's <span style="mso-hide:all;font-size:0">&zwnj;</span>) hides no words.
		const own = isWordless(el) ? declarations.filter((d) => !SELF_ONLY.has(d.name)) : declarations;
		return checkDeclarations(own, `a <${el.name}> style`, checkInlineValue) ?? checkHangingIndent(el, declarations, sheet);
	}
	if (name === 'dir' && !DIR.test(value.trim())) return bad('not a direction');
	// Colours are judged on the tree, text against the nearest background (text-paint.ts); here only their form.
	if (name === 'bgcolor') return prefix(bad, checkInlineValue('background-color', value));
	if ((name === 'color' && el.name === 'font') || (name === 'text' && el.name === 'body')) return prefix(bad, checkInlineValue('color', value));
	if (name === 'size' && el.name === 'font' && !/^\s*[+-]?[1-7]\s*$/.test(value)) return bad('not a font size from 1 to 7');
	if (name === 'face') return prefix(bad, checkInlineValue('font-family', value));
	if (name === 'draggable' && !/^(?:true|false|auto)$/i.test(value.trim())) return bad('not true or false');
	if (name === 'loading' && !/^(?:lazy|eager)$/i.test(value.trim())) return bad('not lazy or eager');
	if ((name === 'width' || name === 'height') && el.name !== 'img' && !/^\s*(?:\d+(?:\.\d+)?%?|)\s*$/.test(value)) return bad('not a plain size');
	return null;
}

/**
 * A hanging indent (Outlook's Word lists: margin-left:36pt; text-indent:-18pt)
 * pulls only the first line's marker back into the box's own left margin, so it
 * stays on the page. A negative indent larger than that margin moves text out of
 * the box, and is refused. The margin is the inline one, else the smallest any
 * <style> rule could give this element (Outlook's p.MsoListParagraph rule);
 * a rule's !important margin may override the inline one, so it counts too.
 */
function checkHangingIndent(el: HtmlElement, declarations: readonly Declaration[], sheet: Stylesheet | undefined): string | null {
	let indent = 0;
	let inline: number | null = null;
	for (const { name, value } of declarations) {
		if (name === 'text-indent') indent = readPx(value) ?? 0;
		if (name === 'margin-left') inline = readPx(value);
		if (name === 'margin') inline = shorthandLeft(value);
	}
	if (indent >= 0) return null;
	const margin = Math.min(inline ?? sheetMarginLeft(el, sheet), sheet?.forcedMarginLeft ?? Number.POSITIVE_INFINITY);
	if (indent >= -margin) return null;
	return `a <${el.name}> style: text-indent: ${indent.toFixed(0)}px is larger than its ${margin.toFixed(0)}px left margin (negative lengths move text out of the box)`;
}

function sheetMarginLeft(el: HtmlElement, sheet: Stylesheet | undefined): number {
	if (!sheet) return 0;
	const classes = (el.attrs.class ?? '').toLowerCase().split(/\s+/).filter(Boolean);
	// A class without a margin rule leaves the margin alone; of those with one, the smallest may win.
	const set = classes.flatMap((c) => [sheet.classMarginLeft.get(`${el.name}.${c}`), sheet.classMarginLeft.get(`.${c}`)]).filter((m) => m !== undefined);
	return set.length === 0 ? 0 : Math.min(...set, sheet.otherMarginLeft);
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
