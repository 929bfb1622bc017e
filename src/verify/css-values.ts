/**
 * The allow-list of CSS declarations in replies: each property mail clients
 * write, with the value forms that cannot hide, shrink, move, reorder,
 * recolour into the background or generate text. One table, one check per
 * property; an unknown property is a problem by definition.
 */
import { contrastRatio, parseColor, type Rgba } from './css-colors.js';

/** Why a value is refused, or null when it is harmless. */
export type ValueProblem = string | null;
type Check = (value: string) => ValueProblem;

const WHITE: Rgba = { r: 255, g: 255, b: 255, a: 1 };
/**
 * Text must stand out from its background by this WCAG ratio: #cccccc on white
 * (1.6, a client's pale note) is plainly seen; #e0e0e0 (1.3) and paler read as
 * blank. Inline colours are judged against the nearest background on the tree
 * (verify/text-paint.ts); a <style> rule's, whose element is not known, against white.
 */
export const MIN_TEXT_CONTRAST = 1.5;
/** Backgrounds stay this close to white (#efefef is 1.15), so allowed text stays readable on them. */
const MAX_BACKGROUND_CONTRAST = 1.25;
const MIN_FONT_PX = 8;

const GLOBAL = /^(?:inherit|initial|unset|revert)$/i;
const LENGTH = /^(-?(?:\d+\.?\d*|\.\d+))(px|pt|pc|cm|mm|in|em|rem|ex|ch|%)?$/i;

const keywords = (...words: string[]): Check => {
	const set = new Set(words);
	return (value) => (set.has(value.toLowerCase()) || GLOBAL.test(value) ? null : 'not a value TaskPing reads');
};
const any: Check = (value) => (/[()]/.test(value) && !/^rgba?\([\d\s.,%]+\)$/i.test(value.trim()) ? 'functions are not read' : null);

/** px value of a length, null when not a length. em/rem/ex/% count against 16px. */
export function readPx(value: string): number | null {
	const match = LENGTH.exec(value.trim());
	if (!match) return null;
	const n = Number(match[1]);
	const unit = (match[2] ?? '').toLowerCase();
	if (unit === '' && n !== 0) return null;
	const per: Record<string, number> = { '': 1, px: 1, pt: 4 / 3, pc: 16, cm: 37.8, mm: 3.78, in: 96, em: 16, rem: 16, ex: 8, ch: 8, '%': 0.16 };
	return n * (per[unit] ?? 1);
}

/** Lengths, 1 to 4 of them, none negative (margins, paddings, widths). */
const lengths: Check = (value) => {
	for (const part of value.trim().split(/\s+/)) {
		if (/^(?:auto|0)$/i.test(part) || GLOBAL.test(part)) continue;
		const px = readPx(part);
		if (px === null) return 'not a plain length';
		if (px < 0) return 'negative lengths move text';
	}
	return null;
};

const textColor: Check = (value) => {
	if (/^(?:windowtext|currentcolor)$/i.test(value) || GLOBAL.test(value)) return null;
	const color = parseColor(value);
	if (!color) return 'not a colour TaskPing reads';
	if (color.a < 1) return 'translucent text';
	return contrastRatio(color, WHITE) >= MIN_TEXT_CONTRAST ? null : 'text this light may not be seen';
};

const backgroundColor: Check = (value) => {
	if (/^(?:transparent|none|window)$/i.test(value) || GLOBAL.test(value)) return null;
	const color = parseColor(value);
	if (!color) return 'only a plain colour is read as a background';
	if (color.a < 1) return 'translucent background';
	return contrastRatio(color, WHITE) <= MAX_BACKGROUND_CONTRAST ? null : 'a dark background may hide text';
};

/** A colour's form only (opaque, one TaskPing reads); its contrast is judged on the tree. */
const colorForm = (transparent: RegExp, what: string): Check => (value) => {
	if (transparent.test(value) || GLOBAL.test(value)) return null;
	const color = parseColor(value);
	if (!color) return what;
	return color.a < 1 ? 'translucent colours are not read' : null;
};

/** A text-indent of any length: a negative one is judged against the box's own left margin (html-allow.ts). */
const anyLength: Check = (value) => (GLOBAL.test(value) || readPx(value) !== null ? null : 'not a plain length');

/**
 * In a style attribute the element is known, so these are judged on the tree
 * (colours against the nearest background, a hanging indent against its
 * margin) rather than one by one; everything else (sizes too: text-size.ts
 * computes them along the ancestors) as in a <style> rule.
 */
const INLINE: Record<string, Check> = {
	color: colorForm(/^(?:windowtext|currentcolor)$/i, 'not a colour TaskPing reads'),
	'background-color': colorForm(/^(?:transparent|none|window)$/i, 'only a plain colour is read as a background'),
	background: colorForm(/^(?:transparent|none|window)$/i, 'only a plain colour is read as a background'),
	'text-indent': anyLength,
};

/** A declaration of a style attribute: null when harmless or judged on the tree (see INLINE). */
export function checkInlineValue(name: string, value: string): ValueProblem {
	const check = INLINE[name];
	return check ? check(value.trim()) : checkValue(name, value);
}

const fontSize: Check = (value) => {
	if (/^(?:xx-small|x-small|small|medium|large|x-large|xx-large|xxx-large|smaller|larger)$/i.test(value) || GLOBAL.test(value)) return null;
	const match = LENGTH.exec(value.trim());
	if (!match) return 'not a plain size';
	const unit = (match[2] ?? '').toLowerCase();
	// Relative sizes multiply when nested: the reader computes the size along the ancestors (text-size.ts), stylesheet sizes at their worst.
	if (unit === 'em' || unit === 'rem' || unit === '%') return Number(match[1]) > 0 ? null : 'text this small may not be seen';
	const px = readPx(value);
	return px !== null && px >= MIN_FONT_PX ? null : 'text this small may not be seen';
};

const lineHeight: Check = (value) => {
	if (/^normal$/i.test(value) || GLOBAL.test(value)) return null;
	if (/^\d*\.?\d+$/.test(value)) return Number(value) >= 0.8 ? null : 'lines this tight overlap';
	const px = readPx(value);
	if (px === null) return 'not a plain line height';
	return value.trim().endsWith('%') ? (Number.parseFloat(value) >= 80 ? null : 'lines this tight overlap') : px >= 10 ? null : 'lines this tight overlap';
};

const BORDER_WORDS = /^(?:none|hidden|solid|dotted|dashed|double|groove|ridge|inset|outset|thin|medium|thick|windowtext|currentcolor)$/i;
const border: Check = (value) => {
	for (const part of value.trim().split(/\s+(?![^(]*\))/)) {
		if (BORDER_WORDS.test(part) || GLOBAL.test(part) || parseColor(part)) continue;
		const px = readPx(part);
		if (px === null || px < 0) return 'not a plain border';
	}
	return null;
};

const fontFamily: Check = (value) => (/^[\p{L}\p{N}\s"',_\-.]+$/u.test(value) ? null : 'not a plain font name');

/** The `font` shorthand as QQ Mail and Outlook write it: style/weight words, a readable size, families. */
const font: Check = (value) => {
	const parts = value.trim().split(/\s+/);
	for (const part of parts) {
		const [size, height] = part.split('/');
		if (/^(?:normal|italic|oblique|bold|bolder|lighter|small-caps|\d00)$/i.test(part)) continue;
		if (/^[\d.]/.test(part)) {
			const problem = fontSize(size!) ?? (height === undefined ? null : lineHeight(height));
			if (problem) return problem;
			continue;
		}
		if (fontFamily(part)) return 'not a plain font shorthand';
	}
	return null;
};

const PROPERTIES: Record<string, Check> = {
	color: textColor,
	'background-color': backgroundColor,
	background: backgroundColor,
	'font-family': fontFamily,
	'font-size': fontSize,
	font,
	'font-weight': keywords('normal', 'bold', 'bolder', 'lighter', '100', '200', '300', '400', '500', '600', '700', '800', '900'),
	'font-style': keywords('normal', 'italic', 'oblique'),
	'font-variant': keywords('normal'),
	'font-variant-ligatures': keywords('normal', 'none', 'common-ligatures', 'no-common-ligatures'),
	'font-kerning': keywords('auto', 'normal', 'none'),
	'font-stretch': keywords('normal'),
	'line-height': lineHeight,
	'text-align': keywords('left', 'right', 'center', 'justify', 'start', 'end', '-webkit-auto'),
	// line-through is read by the HTML reader (crossed-out words are refused by name); in a <style> rule it is refused here.
	'text-decoration': keywords('none', 'underline', 'overline', 'underline solid', 'none solid'),
	'text-decoration-line': keywords('none', 'underline'),
	'text-justify': keywords('auto', 'inter-ideograph', 'inter-word', 'distribute'),
	'text-justify-trim': keywords('punctuation'),
	'text-autospace': keywords('none', 'ideograph-numeric', 'ideograph-other', 'ideograph-alpha'),
	'text-transform': keywords('none'),
	'text-indent': lengths,
	'vertical-align': keywords('baseline', 'top', 'middle', 'bottom', 'text-top', 'text-bottom', 'sub', 'super'),
	'white-space': keywords('normal', 'nowrap', 'pre', 'pre-wrap', 'pre-line', 'break-spaces'),
	'word-break': keywords('normal', 'break-all', 'break-word', 'keep-all'),
	'word-wrap': keywords('normal', 'break-word', 'anywhere'),
	'overflow-wrap': keywords('normal', 'break-word', 'anywhere'),
	'line-break': keywords('auto', 'after-white-space', 'normal', 'strict', 'loose'),
	'word-spacing': keywords('normal', '0', '0px'),
	'letter-spacing': keywords('normal', '0', '0px'),
	'-webkit-nbsp-mode': keywords('space', 'normal'),
	'-webkit-line-break': keywords('after-white-space'),
	'-webkit-text-size-adjust': keywords('auto', 'none', '100%'),
	'-ms-text-size-adjust': keywords('auto', 'none', '100%'),
	'text-size-adjust': keywords('auto', 'none', '100%'),
	'caret-color': any,
	direction: keywords('ltr', 'rtl'),
	'unicode-bidi': keywords('normal', 'embed', 'isolate', 'plaintext'),
	display: keywords('block', 'inline', 'inline-block', 'flex', 'inline-flex', 'list-item', 'table', 'table-row', 'table-cell', 'table-row-group'),
	visibility: keywords('visible'),
	opacity: keywords('1', '1.0', '100%'),
	overflow: keywords('visible'),
	position: keywords('static', 'relative'),
	zoom: keywords('1', 'normal', '100%'),
	'flex-grow': keywords('0', '1'),
	'flex-shrink': keywords('0', '1'),
	'align-items': keywords('center', 'flex-start', 'flex-end', 'stretch', 'baseline', 'normal'),
	'justify-content': keywords('flex-start', 'flex-end', 'center', 'space-between', 'normal'),
	'flex-direction': keywords('row', 'column'),
	'flex-wrap': keywords('nowrap', 'wrap'),
	margin: lengths,
	'margin-top': lengths,
	'margin-bottom': lengths,
	'margin-left': lengths,
	'margin-right': lengths,
	padding: lengths,
	'padding-top': lengths,
	'padding-bottom': lengths,
	'padding-left': lengths,
	'padding-right': lengths,
	width: lengths,
	'min-width': lengths,
	'max-width': (value) => (/^(?:none|100%)$/i.test(value) || (readPx(value) ?? 0) >= 200 ? null : 'a narrow box may clip text'),
	height: lengths,
	'min-height': lengths,
	'max-height': keywords('none'),
	border,
	'border-top': border,
	'border-bottom': border,
	'border-left': border,
	'border-right': border,
	'border-width': border,
	'border-style': border,
	'border-color': border,
	'border-collapse': keywords('collapse', 'separate'),
	'border-spacing': lengths,
	'border-radius': lengths,
	'-webkit-border-radius': lengths,
	'-moz-border-radius': lengths,
	'box-sizing': keywords('border-box', 'content-box'),
	'list-style-type': keywords('disc', 'circle', 'square', 'decimal', 'none', 'lower-alpha', 'upper-alpha', 'lower-roman', 'upper-roman'),
	'list-style-position': keywords('inside', 'outside'),
	'table-layout': keywords('auto', 'fixed'),
	outline: keywords('none', '0'),
	cursor: keywords('auto', 'default', 'text', 'pointer'),
	page: any,
	size: any,
	'panose-1': any,
	'tab-stops': any,
	'page-break-before': keywords('auto', 'always'),
	'page-break-after': keywords('auto', 'always', 'avoid'),
	'page-break-inside': keywords('auto', 'avoid'),
	orphans: keywords('2'),
	widows: keywords('2'),
	'text-underline': keywords('single'),
	// Layout-only: where floats may sit beside the box, never where its own text is (163's and QQ's signature divs).
	clear: keywords('none', 'left', 'right', 'both'),
};

/** Outlook's mso-* properties are layout hints for Word; the one that hides (mso-hide) is not among them. */
const MSO_ALLOWED = /^mso-(?:style-[a-z-]+|bookmark|ligatures|fareast-[a-z-]+|ansi-[a-z-]+|bidi-[a-z-]+|ascii-[a-z-]+|hansi-[a-z-]+|font-[a-z-]+|generic-font-family|list|level-[a-z-]+|margin-[a-z-]+|pagination|line-height-rule|para-margin[a-z-]*|add-space|padding-alt|border-[a-z-]+|outline-level|layout-grid-align|spacerun|tab-count|element[a-z-]*|height-rule|width-[a-z-]+|table-[a-z-]+|yfti-[a-z]+|cellspacing|no-proof|highlight|char-indent-count|header-margin|footer-margin|paper-source|page-orientation|special-character|hyphenate|text-raise|symbol-font-family)$/;

export function checkValue(name: string, value: string): ValueProblem {
	const check = PROPERTIES[name];
	if (check) return check(value.trim());
	if (MSO_ALLOWED.test(name)) return /^[\w\s.,"'#%-]*$/.test(value) ? null : 'not a plain Outlook value';
	return 'a property TaskPing does not read';
}
