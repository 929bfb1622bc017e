/**
 * The size a browser draws text at, computed along the ancestors: relative
 * sizes multiply (20 nested <small> are 16px / 1.2^20 ≈ 0.4px, a speck), so
 * checking each element on its own, as the CSS allow-list does, cannot see
 * it. Sizes follow the HTML standard's rendering section: <small>, <sub>,
 * <sup> are `smaller` (÷1.2 in Chromium and Gecko), headings scale by their
 * em factor, <font size> maps 1..7 to the legacy table. A size TaskPing cannot
 * read is refused by the allow-list before it gets here.
 */
import type { HtmlElement } from '../reply/html-tree.js';
import type { Declaration, Stylesheet } from './css-style.js';
import { readPx } from './css-values.js';

/** Below this (px) text is a smear or invisible: refused as not readable. Mail clients' smallest own size is 10px (font size=1). */
export const MIN_READABLE_PX = 8;
export const DEFAULT_PX = 16;

const SMALLER = 1 / 1.2;
const ELEMENT_FACTORS: Record<string, number> = { small: SMALLER, sub: SMALLER, sup: SMALLER, big: 1.2, h1: 2, h2: 1.5, h3: 1.17, h4: 1, h5: 0.83, h6: 0.67 };
const FONT_SIZE_ATTR = [10, 10, 13, 16, 18, 24, 32, 48];
const KEYWORDS: Record<string, number> = { 'xx-small': 9, 'x-small': 10, small: 13, medium: 16, large: 18, 'x-large': 24, 'xx-large': 32, 'xxx-large': 48 };

/**
 * The px size of the element's text, given its parent's; `declarations`: its
 * style attribute, parsed. Worst case over the stylesheet: any size a rule
 * sets may be the one that applies here (which rule wins is not modelled), so
 * the smallest absolute size and the smallest factor of the parent's count.
 */
export function sizeInside(el: HtmlElement, parentPx: number, declarations: readonly Declaration[] | null, sheet?: Pick<Stylesheet, 'smallestPx' | 'smallestFactor'>): number {
	let px = parentPx * (ELEMENT_FACTORS[el.name] ?? 1);
	if (el.name === 'font' && el.attrs.size !== undefined) px = fontSizeAttr(el.attrs.size, px);
	for (const { name, value } of declarations ?? []) {
		if (name === 'font-size') px = cssSize(value, px);
		else if (name === 'font') px = cssSize(shorthandSize(value) ?? '', px);
	}
	if (sheet) px = Math.min(px, sheet.smallestPx, parentPx * sheet.smallestFactor);
	return px;
}

/** A font-size value as an absolute size (px) or a factor of the parent's; both null when it is neither (inherit). */
export function readFontSize(value: string): { px: number | null; factor: number | null } {
	const v = value.trim().toLowerCase();
	if (KEYWORDS[v] !== undefined) return { px: KEYWORDS[v]!, factor: null };
	if (v === 'smaller') return { px: null, factor: SMALLER };
	if (v === 'larger') return { px: null, factor: 1.2 };
	const number = Number.parseFloat(v);
	if (v.endsWith('rem')) return { px: DEFAULT_PX * number, factor: null };
	if (v.endsWith('em')) return { px: null, factor: number };
	if (v.endsWith('%')) return { px: null, factor: number / 100 };
	return { px: readPx(v), factor: null };
}

function fontSizeAttr(value: string, px: number): number {
	const match = /^\s*([+-]?)([1-7])\s*$/.exec(value);
	if (!match) return px;
	const n = match[1] === '' ? Number(match[2]) : 3 + (match[1] === '+' ? 1 : -1) * Number(match[2]);
	return FONT_SIZE_ATTR[Math.min(7, Math.max(1, n))]!;
}

function cssSize(value: string, parentPx: number): number {
	const { px, factor } = readFontSize(value);
	return px ?? (factor !== null ? parentPx * factor : parentPx);
}

/** The size in a `font` shorthand ("bold 12px/1.4 Arial"). */
export function shorthandSize(value: string): string | null {
	for (const part of value.trim().split(/\s+/)) if (/^[\d.]/.test(part) && !/^\d00$/.test(part)) return part.split('/')[0]!;
	return null;
}

/**
 * Fonts that draw letters as pictures (Wingdings' "J" is a smiley): on
 * Windows and macOS, where Outlook and Apple Mail have them, words set in
 * them are unreadable, yet they would be typed as letters. Outlook sets
 * list bullets in Symbol, which holds no word, so only words count.
 */
const PICTURE_FONTS = /^(?:symbol|wingdings(?: [23])?|webdings|zapf ?dingbats|itc zapf dingbats|dingbats|marlett|mt extra|bookshelf symbol \d|ms reference specialty|monotype sorts|ms outlook|wingdings-?[23]?)$/i;

/** true: the element sets its text in a picture font; false: in another font; null: it inherits. */
export function setsPictureFont(el: HtmlElement, declarations: readonly Declaration[] | null): boolean | null {
	let family: string | null = el.name === 'font' && el.attrs.face !== undefined ? el.attrs.face : null;
	for (const { name, value } of declarations ?? []) {
		if (name === 'font-family') family = value;
		else if (name === 'font') family = value.replace(/^.*?\d[^\s]*\s+/, '');
	}
	if (family === null) return null;
	// The first family the system has is used: any picture font in the list may be the one drawn.
	return family.split(',').some((name) => PICTURE_FONTS.test(name.trim().replace(/^["']|["']$/g, '').trim()));
}
