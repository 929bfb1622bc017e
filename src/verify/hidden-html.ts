/**
 * Hidden HTML text never counts as the user's text. A mail client shows the
 * HTML part; the text that would be typed comes from the plain part or from
 * the HTML with the extractor's rules. So every word of that text must be
 * found, in order, among the words a reader can actually see in the HTML:
 * not display:none or visibility:hidden, not zero-size, clipped or off
 * screen, not transparent, not the colour of its background (white on
 * white), also when a stylesheet class does the hiding. A plain part saying
 * something the HTML does not show fails the same way.
 */
import { parseHtml, type HtmlElement, type HtmlNode } from '../reply/html-tree.js';
import { contrastRatio, parseColor, parseDeclarations, parseStylesheet, readBackground, readPx, ruleMatches, type Declarations, type Rgba, type StyleRule } from './css-style.js';

interface Inherited {
	hidden: boolean;
	tiny: boolean;
	color: Rgba;
	background: Rgba;
}

const NOT_SHOWN = new Set(['head', 'style', 'script', 'title', 'template', 'noscript', 'meta', 'link', 'object', 'iframe', 'svg', 'map', 'xml', 'textarea', 'select', 'option', 'datalist']);
const WHITE: Rgba = { r: 255, g: 255, b: 255, a: 1 };
const BLACK: Rgba = { r: 0, g: 0, b: 0, a: 1 };
/** Below this WCAG contrast ratio text is taken as invisible (#f0f0f0 on white is 1.14). */
const MIN_CONTRAST = 1.3;
const MIN_FONT_PX = 4;
const OFF_SCREEN_PX = -300;
const CJK = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])/gu;

/**
 * Shell-significant symbols count as words of their own: hiding a `~` or a `|`
 * changes a command. Not what plain parts add on their own: < > around links,
 * * around bold text, - before list items.
 */
const SYMBOL = /([~|&;$!`\\/=])/g;

/** Words (NFKC, lower case; each CJK character and each shell symbol one word) in reading order. */
export function readWords(text: string): string[] {
	return text.normalize('NFKC').toLowerCase().replace(/\p{Cf}/gu, '').replace(CJK, ' $1 ').replace(SYMBOL, ' $1 ').split(/[^\p{L}\p{N}\p{M}~|&;$!`\\/=]+/u).filter(Boolean);
}

/** The words of `text` that a reader of `html` does not see (in order, first 20); empty when all are seen. */
export function findUnseenWords(html: string, text: string): string[] {
	const seen = readVisibleWords(html);
	const unseen: string[] = [];
	let at = 0;
	for (const word of readWords(text)) {
		let next = at;
		while (next < seen.length && seen[next] !== word) next++;
		if (next < seen.length) at = next + 1;
		else if (unseen.push(word) >= 20) break;
	}
	return unseen;
}

/** Words a reader sees in the HTML, in document order, with link targets and list numbers (plain parts spell them out). */
export function readVisibleWords(html: string): string[] {
	const root = parseHtml(html);
	const rules = collectRules(root);
	const words: string[] = [];
	const numbers = new Map<HtmlElement, string>();
	// Iterative walk: a mail may nest elements thousands deep.
	const stack: Array<{ node: HtmlNode; state: Inherited } | { after: string[] }> = [{ node: root, state: { hidden: false, tiny: false, color: BLACK, background: WHITE } }];
	while (stack.length > 0) {
		const item = stack.pop()!;
		if ('after' in item) {
			for (const word of item.after) words.push(word);
			continue;
		}
		const { node, state } = item;
		if (node.kind === 'text') {
			if (!state.hidden && !state.tiny && isReadable(state.color, state.background)) for (const word of readWords(node.text)) words.push(word);
			continue;
		}
		if (NOT_SHOWN.has(node.name) || (node.name.includes(':') && node.name !== 'o:p')) continue;
		const next = applyElement(node, state, rules);
		if (next.hidden) continue;
		const extra = next.tiny ? [] : readAttributeWords(node);
		if (extra.length) stack.push({ after: extra });
		for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i]!, state: next });
		if (node.name === 'ol') numberItems(node, numbers);
		const number = numbers.get(node);
		if (number !== undefined && !next.tiny) stack.push({ after: [number] });
	}
	return words;
}

function collectRules(root: HtmlElement): StyleRule[] {
	const rules: StyleRule[] = [];
	const stack: HtmlElement[] = [root];
	while (stack.length > 0) {
		const el = stack.pop()!;
		for (const child of el.children) {
			if (child.kind === 'element') {
				if (child.name === 'style') rules.push(...parseStylesheet(child.children.map((c) => (c.kind === 'text' ? c.text : '')).join('')));
				else stack.push(child);
			}
		}
	}
	return rules;
}

function declarationsOf(el: HtmlElement, rules: StyleRule[]): Declarations {
	const id = (el.attrs.id ?? '').toLowerCase();
	const classes = (el.attrs.class ?? '').toLowerCase().split(/\s+/).filter(Boolean);
	const merged: Declarations = new Map();
	for (const rule of rules) if (ruleMatches(rule, el.name, id, classes)) for (const [k, v] of rule.declarations) merged.set(k, v);
	for (const [k, v] of parseDeclarations(el.attrs.style ?? '')) merged.set(k, v);
	return merged;
}

function applyElement(el: HtmlElement, parent: Inherited, rules: StyleRule[]): Inherited {
	const css = declarationsOf(el, rules);
	const state: Inherited = { ...parent };
	if ('hidden' in el.attrs || (el.name === 'input' && (el.attrs.type ?? '').toLowerCase() === 'hidden')) state.hidden = true;
	if (isHiddenBox(css)) state.hidden = true;
	const size = readPx(css.get('font-size')) ?? (el.name === 'font' && el.attrs.size !== undefined ? (Number(el.attrs.size) <= 0 ? 0 : null) : null);
	if (size !== null) state.tiny = size < MIN_FONT_PX;
	const color = parseColor(css.get('color')) ?? (el.name === 'font' ? parseColor(el.attrs.color) : el.name === 'body' ? parseColor(el.attrs.text) : null);
	if (color) state.color = color;
	const background = readBackground(css) ?? parseColor(el.attrs.bgcolor);
	// A translucent background is painted over the parent's: only an opaque one replaces it.
	if (background && background.a >= 0.9) state.background = background;
	return state;
}

function isHiddenBox(css: Declarations): boolean {
	const get = (name: string) => css.get(name) ?? '';
	if (get('display') === 'none' || /^(?:hidden|collapse)$/.test(get('visibility')) || get('mso-hide') === 'all') return true;
	const opacity = parseFloat(get('opacity'));
	if (Number.isFinite(opacity) && opacity <= 0.1) return true;
	const clipped = /hidden|clip/.test(get('overflow') + get('overflow-x') + get('overflow-y'));
	for (const name of ['height', 'max-height', 'width', 'max-width', 'line-height']) {
		const px = readPx(get(name));
		if (px !== null && px <= 1 && (clipped || name === 'max-height' || name === 'max-width')) return true;
	}
	if (/^rect\(\s*0(?:px)?[\s,]+0(?:px)?[\s,]+0(?:px)?[\s,]+0(?:px)?\s*\)$/.test(get('clip')) || /inset\(\s*(?:50|100)%/.test(get('clip-path'))) return true;
	if (/scale[xy]?\(\s*0(?:\.0*)?\s*[,)]/.test(get('transform'))) return true;
	if (/absolute|fixed/.test(get('position')) && ['left', 'top', 'right', 'bottom'].some((side) => (readPx(get(side)) ?? 0) <= OFF_SCREEN_PX)) return true;
	return (readPx(get('text-indent')) ?? 0) <= OFF_SCREEN_PX;
}

function isReadable(color: Rgba, background: Rgba): boolean {
	return color.a > 0.1 && contrastRatio(color, background) >= MIN_CONTRAST;
}

/** Link targets and image alt texts: plain parts write "text <https://…>" and "[image: alt]". */
function readAttributeWords(el: HtmlElement): string[] {
	if (el.name === 'a' && el.attrs.href) return readWords(el.attrs.href);
	if (el.name === 'img') return ['image', ...readWords(`${el.attrs.alt ?? ''} ${el.attrs.src ?? ''}`)];
	return [];
}

/** "1", "2" … for the items of an ordered list (its `start` counted in): plain parts spell the numbers out. */
function numberItems(ol: HtmlElement, numbers: Map<HtmlElement, string>): void {
	const start = Number.parseInt(ol.attrs.start ?? '1', 10);
	let n = Number.isFinite(start) ? start : 1;
	for (const child of ol.children) if (child.kind === 'element' && child.name === 'li') numbers.set(child, String(n++));
}
