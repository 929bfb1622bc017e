/**
 * CSS in replies, read fail-closed. Rather than model the cascade (selectors,
 * specificity, !important, inheritance of relative sizes), every declaration
 * anywhere in the mail must be one that cannot hide or move text whatever
 * element it lands on: dark enough text, light enough backgrounds, readable
 * sizes, no negative offsets, no overflow clipping, no transforms. Then which
 * rule wins does not matter. The properties and value forms are the ones
 * Gmail, Outlook, Apple Mail, Thunderbird, QQ/Foxmail/Exmail, NetEase and
 * Feishu write (collected from test/fixtures/replies*); anything else is a
 * problem, named, and the reply is refused. Pure and linear.
 */
import { parseColor, type Rgba } from './css-colors.js';
import { checkValue, readPx, type ValueProblem } from './css-values.js';
import { readFontSize, shorthandSize } from './text-size.js';

export interface Declaration {
	name: string;
	value: string;
}

/** A problem with the CSS, in words the user can act on, or null. */
export type CssProblem = string | null;

/** `a:b; c:d` → declarations (names lower-case, `!important` dropped); null when the syntax is not plain. */
export function parseDeclarations(style: string): Declaration[] | null {
	// Escapes, comments, strings with separators, nested blocks: a browser reads them; we refuse them.
	if (/[\\{}]|\/\*|<!--/.test(style)) return null;
	const out: Declaration[] = [];
	for (const part of splitOutsideQuotes(style, ';')) {
		if (part.trim() === '') continue;
		const colon = part.indexOf(':');
		if (colon <= 0) return null;
		const name = part.slice(0, colon).trim().toLowerCase();
		const value = part.slice(colon + 1).replace(/!\s*important\s*$/i, '').trim();
		if (!/^-?[a-z][a-z0-9-]*$/.test(name) || value === '') return null;
		out.push({ name, value });
	}
	return out;
}

/** The first declaration that could hide or move text, described; null when all are harmless. */
export function checkDeclarations(declarations: readonly Declaration[], where: string, check: (name: string, value: string) => ValueProblem = checkValue): CssProblem {
	for (const { name, value } of declarations) {
		const problem: ValueProblem = check(name, value);
		if (problem) return `${where}: ${name}: ${value} (${problem})`;
	}
	return null;
}

export interface Stylesheet {
	/** Classes a `.name { display: none }` rule hides (Tutanota's own hidden class). */
	hiddenClasses: Set<string>;
	/**
	 * The smallest font sizes any rule sets: absolute (px) and relative to the
	 * parent (a factor). The cascade is not modelled, so each may apply to any
	 * element, at every level: the reader combines them with the ancestors' sizes.
	 */
	smallestPx: number;
	smallestFactor: number;
	/** Some rule sets `display` (other than none): any element may then be a block, so no word runs on across elements. */
	setsDisplay: boolean;
	/** Left margins rules of the form `p.Name` / `.Name` give (lower case; the smallest per selector). */
	classMarginLeft: Map<string, number>;
	/** The smallest left margin any other rule gives (it may apply to any element). */
	otherMarginLeft: number;
	/** The smallest `!important` left margin (it beats a style attribute), if any. */
	forcedMarginLeft?: number;
	/** Text colours and backgrounds the rules set: which element they land on is not modelled, so text must read on each. */
	colors: Rgba[];
	backgrounds: Rgba[];
}

/** A stylesheet with no rules. */
export const emptySheet = (): Stylesheet => ({
	hiddenClasses: new Set(),
	smallestPx: Number.POSITIVE_INFINITY,
	smallestFactor: 1,
	setsDisplay: false,
	classMarginLeft: new Map(),
	otherMarginLeft: Number.POSITIVE_INFINITY,
	colors: [],
	backgrounds: [],
});

/**
 * Reads a <style> element: plain rules and Outlook's @font-face / @page
 * blocks. Returns a problem for anything else (at-rules such as @import or
 * @media, nested blocks, escapes, a declaration outside the allow-list).
 */
export function readStylesheet(css: string, sheet: Stylesheet = emptySheet()): { sheet: Stylesheet; problem: CssProblem } {
	if (css.includes('\\')) return { sheet, problem: 'a <style> element uses CSS escapes' };
	// Comments and the HTML comment markers Outlook wraps its sheet in are not rules.
	const text = css.replace(/\/\*[^*]*\*+(?:[^/*][^*]*\*+)*\//g, ' ').replace(/<!--|-->/g, ' ');
	if (text.includes('/*')) return { sheet, problem: 'a <style> element has an unterminated comment' };
	let at = 0;
	while (at < text.length) {
		const open = text.indexOf('{', at);
		if (open === -1) {
			if (text.slice(at).trim() !== '') return { sheet, problem: `a <style> element ends in ${JSON.stringify(text.slice(at).trim().slice(0, 40))}` };
			break;
		}
		const close = text.indexOf('}', open);
		const selector = text.slice(at, open).trim();
		if (close === -1 || text.slice(open + 1, close).includes('{')) return { sheet, problem: `a <style> rule for ${JSON.stringify(selector.slice(0, 40))} is nested or not closed` };
		at = close + 1;
		const declarations = parseDeclarations(text.slice(open + 1, close));
		if (!declarations) return { sheet, problem: `the <style> rule for ${JSON.stringify(selector.slice(0, 40))} is not plain CSS` };
		const problem = readRule(selector, declarations, sheet);
		if (problem) return { sheet, problem };
		if (!selector.startsWith('@')) noteRule(selector, declarations, /!\s*important/i.test(text.slice(open + 1, close)), sheet);
	}
	return { sheet, problem: null };
}

const AT_RULE_PROPERTIES: Record<string, Set<string>> = {
	'@font-face': new Set(['font-family', 'panose-1', 'font-style', 'font-weight', 'mso-font-charset', 'mso-generic-font-family', 'mso-font-pitch', 'mso-font-signature', 'mso-font-alt']),
	'@page': new Set(['size', 'margin', 'mso-header-margin', 'mso-footer-margin', 'mso-paper-source', 'mso-page-orientation']),
};

function readRule(selector: string, declarations: Declaration[], sheet: Stylesheet): CssProblem {
	if (selector.startsWith('@')) {
		const kind = /^@[a-z-]+/i.exec(selector)?.[0]?.toLowerCase() ?? selector;
		const allowed = AT_RULE_PROPERTIES[kind];
		if (!allowed) return `a <style> element uses ${kind}, which TaskPing does not read`;
		const odd = declarations.find((d) => !allowed.has(d.name));
		return odd ? `${kind} sets ${odd.name}` : null;
	}
	if (/[;@]/.test(selector) || selector === '') return `a <style> rule has the selector ${JSON.stringify(selector.slice(0, 40))}`;
	// Tutanota hides its own elements by one class; exactly that form is modelled.
	const hiddenClass = /^\.([a-z][\w-]*)$/i.exec(selector)?.[1];
	if (hiddenClass && declarations.length === 1 && declarations[0]!.name === 'display' && declarations[0]!.value.toLowerCase() === 'none') {
		sheet.hiddenClasses.add(hiddenClass.toLowerCase());
		return null;
	}
	const problem = checkDeclarations(declarations, `the <style> rule ${selector.replace(/\s+/g, ' ').slice(0, 60)}`);
	if (problem) return problem;
	for (const { name, value } of declarations) {
		if (name === 'display' && value.toLowerCase() !== 'none') sheet.setsDisplay = true;
		const size = name === 'font-size' ? value : name === 'font' ? shorthandSize(value) : null;
		if (size === null) continue;
		const read = readFontSize(size);
		if (read.px !== null) sheet.smallestPx = Math.min(sheet.smallestPx, read.px);
		if (read.factor !== null) sheet.smallestFactor = Math.min(sheet.smallestFactor, read.factor);
	}
	return null;
}

/** What the tree walk needs of an allowed rule: its left margins and its colours. */
function noteRule(selector: string, declarations: readonly Declaration[], important: boolean, sheet: Stylesheet): void {
	for (const { name, value } of declarations) {
		if (name === 'color') sheet.colors.push(...[parseColor(/^windowtext$/i.test(value) ? 'black' : value)].filter((c) => c !== null));
		if (name === 'background-color' || name === 'background') sheet.backgrounds.push(...[parseColor(value)].filter((c) => c !== null && c.a > 0) as Rgba[]);
		const left = name === 'margin-left' ? readPx(value) : name === 'margin' ? shorthandLeft(value) : null;
		if (left === null) continue;
		if (important) sheet.forcedMarginLeft = Math.min(sheet.forcedMarginLeft ?? Number.POSITIVE_INFINITY, left);
		for (const one of selector.toLowerCase().split(',').map((s) => s.trim())) {
			if (/^(?:[a-z][a-z0-9]*)?\.[\w-]+$/.test(one)) sheet.classMarginLeft.set(one, Math.min(sheet.classMarginLeft.get(one) ?? Number.POSITIVE_INFINITY, left));
			else sheet.otherMarginLeft = Math.min(sheet.otherMarginLeft, left);
		}
	}
}

/** The left margin in a `margin` shorthand (1–4 values: the 4th, else the 2nd, else the 1st); auto is 0. */
export function shorthandLeft(value: string): number | null {
	const parts = value.trim().split(/\s+/);
	const left = parts[parts.length === 4 ? 3 : parts.length >= 2 ? 1 : 0]!;
	return /^auto$/i.test(left) ? 0 : readPx(left);
}

function splitOutsideQuotes(text: string, separator: string): string[] {
	const parts: string[] = [];
	let quote = '';
	let start = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text[i]!;
		if (quote) {
			if (c === quote) quote = '';
		} else if (c === '"' || c === "'") quote = c;
		else if (c === separator) {
			parts.push(text.slice(start, i));
			start = i + 1;
		}
	}
	parts.push(text.slice(start));
	return parts;
}
