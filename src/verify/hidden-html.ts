/**
 * What a person sees in a reply's HTML, decided on the tree a browser builds
 * (parse5, reply/html-tree.ts), fail-closed: every element, attribute and
 * CSS declaration must be on the allow-list of what mail clients write
 * (html-allow.ts, css-values.ts). Then the only hiding left is what is
 * modelled exactly: display:none, the hidden attribute, a stylesheet's
 * `.class{display:none}`. Anything else is a problem, named, and the reply
 * is refused ("send it as plain text"), never guessed at.
 *
 * The text that would be typed must then be what the HTML shows, word for
 * word and in order from the start of the visible text: only link targets,
 * image texts and list numbers (which plain parts spell out) and thread
 * history (which is never typed) may be passed over. Nothing visible may be
 * missing from the middle of the typed text.
 */
import { collectText, MAX_HTML_DEPTH, parseHtml, styleTexts, UNSEEN_ELEMENTS, type HtmlElement, type HtmlNode, type HtmlPage } from '../reply/html-tree.js';
import { markHistory } from '../reply/html-history.js';
import { emptySheet, parseDeclarations, readStylesheet, type Declaration, type Stylesheet } from './css-style.js';
import { checkElement, isHiddenElement } from './html-allow.js';
import { checkContrast, PAGE, type Paint, paintInside } from './text-paint.js';
import { DEFAULT_PX, MIN_READABLE_PX, setsPictureFont, sizeInside } from './text-size.js';

/** Crossed out: the writer retracted these words, so typing them would say what they took back. */
const STRUCK = new Set(['s', 'strike', 'del']);

/** text: shown, must be typed in order; extra: a link target or the like, may be typed; history: never typed. */
export interface VisibleWord {
	word: string;
	kind: 'text' | 'extra' | 'history';
	/** An extra word that may only be matched right after the one before it. */
	follows?: boolean;
	/** An extra word that may be typed any number of times in a row. */
	repeat?: boolean;
}
export interface Visible { words: VisibleWord[]; problem: string | null; code?: ShowProblem['code'] }

/** One token each: a CJK character, a run of letters and digits, any other sign that is not a space or a picture (emoji). */
const TOKEN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]|(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])[\p{L}\p{N}\p{M}])+|[^\s\p{L}\p{N}\p{M}\p{So}\p{Sk}\p{Cs}\p{Cc}]/gu;
/** What a head may hold: nothing in it is shown, and nothing else in it can change what is (no <link>, <base>, <script>). */
const HEAD = new Set(['meta', 'title', 'style']);

/**
 * The tokens of a text, in reading order: words and every sign between them
 * (punctuation, a minus, a comma), case kept, NFKC (full-width forms are the
 * letters they look like), format characters dropped. "No merge it" and
 * "No, merge it", "1" and "-1", "debug" and "DEBUG" are different texts.
 */
export function readWords(text: string): string[] {
	return text.normalize('NFKC').replace(/\p{Cf}/gu, '').match(TOKEN) ?? [];
}

/**
 * Elements that end a run of text: a word never continues across them (a
 * block, a line break, a cell, a picture). Inside the others (b, span, sup…)
 * "1<sup>st</sup>" is the one word "1st", as a person reads it.
 */
const INLINE = new Set(['a', 'span', 'font', 'b', 'strong', 'i', 'em', 'u', 's', 'strike', 'del', 'ins', 'small', 'big', 'sub', 'sup', 'mark', 'tt', 'code', 'kbd', 'samp', 'var', 'cite', 'abbr', 'dfn', 'time', 'o:p', 'wbr']);
/** Where extra tokens sit in a run of text (no NUL reaches a text node: the parser drops it, and the body stage refuses it). */
const MARK = '\u0000';
/** Display values that keep an element in the line. */
const INLINE_DISPLAY = /^(?:inline|inline-block|inline-flex)$/i;

/** The visible words of the HTML (or its tree, parsed once per mail), or the first construct TaskPing cannot read with certainty. Linear in the page. */
export function readVisible(html: string | HtmlPage): Visible {
	const page = typeof html === 'string' ? parseHtml(html) : html;
	const words: VisibleWord[] = [];
	if (page.depth > MAX_HTML_DEPTH || page.abandoned === 'too-deep') return { words, problem: `the HTML nests elements more than ${MAX_HTML_DEPTH} deep` };
	if (page.abandoned) return { words, problem: 'the HTML makes a parser re-open elements by the ten thousand' };
	// Decided once for both readers (reply/html-history.ts): history by what it holds; the user's own quotes are text.
	const marks = markHistory(page.root);
	const sheet = readSheets(page);
	if (sheet.problem) return { words, problem: sheet.problem };
	type Item =
		| { node: HtmlNode; history: boolean; px: number; pictures: boolean; quoted: number; paint: Paint }
		| { after: VisibleWord[] }
		| { end: true }
		| { mark: VisibleWord[] }
		| { conditional: string; history: boolean };
	const stack: Item[] = [{ node: page.root, history: false, px: DEFAULT_PX, pictures: false, quoted: 0, paint: PAGE }];
	/** The number of each item of an ordered list, counted once per list (never once per item: a list may hold thousands). */
	const listNumbers = new Map<HtmlElement, string>();
	// Text is read in runs: a word goes on across inline elements ("1<sup>st</sup>") and ends at a block, a break, a cell.
	let run = '';
	let runHistory = false;
	// Extra tokens inside a run (a link's "<url>", Gmail's "*" around bold) sit at a MARK; one inside a word is dropped, the word stays whole.
	let pending: VisibleWord[][] = [];
	const flush = () => {
		if (run === '') return;
		const kind = runHistory ? 'history' : 'text';
		const parts = run.split(MARK);
		let text = parts[0]!;
		let extras: VisibleWord[] = [];
		for (let i = 1; i < parts.length; i++) {
			extras.push(...pending[i - 1]!);
			if (parts[i] === '' && i < parts.length - 1) continue; // marks next to each other stand at one place
			if (/[\p{L}\p{N}\p{M}]$/u.test(text) && /^[\p{L}\p{N}\p{M}]/u.test(parts[i]!)) {
				text += parts[i];
			} else {
				for (const word of readWords(text)) words.push({ word, kind });
				words.push(...extras);
				text = parts[i]!;
			}
			extras = [];
		}
		for (const word of readWords(text)) words.push({ word, kind });
		run = '';
		pending = [];
	};
	const addMark = (extra: VisibleWord[]) => {
		if (runHistory) flush();
		runHistory = false;
		run += MARK;
		pending.push(extra);
	};
	let cut = false;
	let seenText = false;
	// Outlook conditional comments open around the text being read (readConditional).
	const conditions: string[] = [];
	while (stack.length > 0) {
		const item = stack.pop()!;
		if ('end' in item) {
			flush();
			continue;
		}
		if ('mark' in item) {
			addMark(item.mark);
			continue;
		}
		if ('after' in item) {
			flush();
			words.push(...item.after);
			continue;
		}
		if ('conditional' in item) {
			const problem = readConditional(item.conditional, conditions);
			if (problem && !item.history && !cut) return { words, problem, code: 'hidden-text' };
			continue;
		}
		const { node } = item;
		const history = item.history || cut;
		if (node.kind === 'text') {
			if (!history && item.px < MIN_READABLE_PX && /[^\s\p{Cf}]/u.test(node.text)) {
				return { words, problem: `text drawn about ${item.px.toFixed(1)}px high (nested small/sub/sup or font sizes): "${node.text.trim().slice(0, 40)}"`, code: 'tiny-text' };
			}
			if (!history && item.pictures && /[\p{L}\p{N}]/u.test(node.text)) {
				return { words, problem: `words set in a font that does not draw them as letters (a symbol or icon font, or one TaskPing does not know): "${node.text.trim().slice(0, 40)}" (Outlook turns ":)" into a Wingdings "J": send the reply without the smiley, or as plain text)`, code: 'html-unsupported' };
			}
			if (!history && /[\p{L}\p{N}]/u.test(node.text)) {
				const unseen = checkContrast(item.paint, sheet.sheet, item.px);
				if (unseen) return { words, problem: unseen, code: 'html-unsupported' };
				const shown = conditions.length > 0 ? conditionalWords(conditions, node.text) : null;
				if (shown) return { words, problem: shown, code: 'hidden-text' };
			}
			// Word's list marker (only a marker gets this far): plain parts write it as the list's bullet or number, so it may be typed or not.
			if (!history && conditions.some(isSupportLists)) {
				flush();
				words.push(...extraRun(node.text), ...BULLETS.map(repeated));
				continue;
			}
			if (runHistory !== history) flush();
			runHistory = history;
			run += node.text;
			if (!history && !seenText && /[^\s\p{Cf}\p{So}\p{Sk}]/u.test(node.text)) seenText = true;
			continue;
		}
		if (node.name === 'title' && !history && node.parent?.name !== 'head') return { words, problem: 'a <title> element sits in the body, where no mail program shows it' };
		if (node.name === 'head') {
			const odd = node.children.find((c) => c.kind === 'element' && !HEAD.has(c.name));
			if (odd?.kind === 'element') return { words, problem: `the HTML head contains a <${odd.name}> element, which TaskPing does not read` };
			continue;
		}
		// A stylesheet is read once for the whole page (readSheets); a <meta> shows nothing.
		if (node.name === 'style' || node.name === 'meta') continue;
		const declarations = node.attrs.style === undefined ? null : parseDeclarations(node.attrs.style);
		if (isHiddenElement(node, sheet.sheet, declarations)) {
			// A client's preview text (Feishu, Exmail) is hidden before anything is shown; hidden words anywhere else are a trick.
			if (!history && seenText && readWords(collectText(node)).length > 0) return { words, problem: `a hidden <${node.name}> (display:none or the hidden attribute) holds text among the visible text` };
			continue;
		}
		// History is never typed, so its own markup cannot change what is typed; only the user's part must be readable.
		if (!history) {
			if (STRUCK.has(node.name) || /line-through/i.test(node.attrs.style ?? '')) {
				return { words, problem: `crossed-out text (<${node.name}>${STRUCK.has(node.name) ? '' : ' with line-through'})`, code: 'struck-text' };
			}
			const problem = checkElement(node, declarations, sheet.sheet);
			if (problem) return { words, problem };
		}
		if (UNSEEN_ELEMENTS.has(node.name)) continue;
		const mark = marks.get(node);
		const role = mark === 'cut' || mark === 'quote' ? mark : null;
		if (role === 'cut') cut = true;
		const inHistory = history || role !== null;
		const quoted = item.quoted + (mark === 'user-quote' ? 1 : 0);
		const breaks = endsRun(node, declarations, sheet.sheet.setsDisplay);
		if (breaks) {
			flush();
			stack.push({ end: true });
		}
		if (!inHistory) {
			const after = readExtraAfter(node);
			if (after.length) stack.push(breaks ? { after } : { mark: after });
			if (node.name === 'b' || node.name === 'strong') stack.push({ mark: [repeated('*')] });
		}
		const px = inHistory ? item.px : sizeInside(node, item.px, declarations, sheet.sheet);
		const pictures = inHistory ? item.pictures : (setsPictureFont(node, declarations) ?? item.pictures);
		const paint = inHistory ? item.paint : paintInside(node, item.paint, declarations);
		// Conditional comments sit between the children (`at` children before each): read in document order with them.
		const conditionals = node.conditionals ?? [];
		for (let i = node.children.length; i >= 0; i--) {
			for (let c = conditionals.length - 1; c >= 0; c--) if (conditionals[c]!.at === i) stack.push({ conditional: conditionals[c]!.data, history: inHistory });
			if (i > 0) stack.push({ node: node.children[i - 1]!, history: inHistory, px, pictures, quoted, paint });
		}
		if (inHistory) continue;
		if (node.name === 'ol') numberItems(node, listNumbers);
		const before = readExtraBefore(node, listNumbers, breaks ? quoted : 0);
		if (before.length) stack.push({ after: before });
		if (node.name === 'b' || node.name === 'strong') addMark([repeated('*')]);
	}
	flush();
	return { words, problem: null };
}

/**
 * Outlook's conditional comments: text between them is shown by some mail
 * programs and not by others (`<!--[if mso]>…<![endif]-->` only by Outlook for
 * Windows, `<![if !mso]>…<![endif]>` by all but it), so words in them are
 * refused rather than guessed. Word's own forms hold none: a picture's
 * fallback (`!vml`), a line break, an empty paragraph; and `!supportLists`
 * holds only the list marker ("1.", "a)", "iv.", a bullet), which Outlook draws
 * from the list itself, so every client shows the same marker.
 */
const LIST_MARKER = /^[\s\u00a0]*(?:\p{N}{1,3}|\p{L}|x{0,3}(?:ix|iv|v?i{0,3}))?[.)]?[\s\u00a0]*$/iu;

const isSupportLists = (condition: string): boolean => /^!\s*supportLists$/i.test(condition);

function conditionalWords(conditions: readonly string[], text: string): string | null {
	for (const condition of conditions) {
		if (isSupportLists(condition) && LIST_MARKER.test(text)) continue;
		return conditionalProblem(condition);
	}
	return null;
}

/** Tracks open conditionals; a problem when one that only Outlook shows holds words. */
function readConditional(data: string, open: string[]): string | null {
	if (/^\s*<?!?\[endif\]/i.test(data)) {
		open.pop();
		return null;
	}
	const match = /^\s*\[if\b([^\]]*)\]\s*(>?)([\s\S]*)$/i.exec(data);
	if (!match) return null;
	const [, condition = '', closed, rest = ''] = match;
	// `<![if X]>` and `<!--[if X]><!-->` open a block every browser shows; `<!--[if X]>…<![endif]-->` hides its content from all but Outlook.
	if (!closed || /^\s*<!(?:--\s*)?$/.test(rest)) {
		open.push(condition.trim());
		return null;
	}
	const inner = rest.replace(/<!\[endif\]\s*$/i, '').replace(/<xml[\s>][\s\S]*?<\/xml>/gi, ' ').replace(/<[^>]*>/g, ' ').replace(/&[#\w]+;/g, ' ');
	return readWords(inner).length > 0 ? conditionalProblem(condition.trim()) : null;
}

function conditionalProblem(condition: string): string {
	return `text inside an Outlook conditional comment ([if ${condition.slice(0, 30)}]) is shown by some mail programs and not by others; send the reply as plain text`;
}

/** Whether a word ends at this element: a block, a break, a cell, a picture, or an inline one a style could make a block. */
function endsRun(el: HtmlElement, declarations: Declaration[] | null, sheetSetsDisplay: boolean): boolean {
	if (!INLINE.has(el.name) || sheetSetsDisplay) return true;
	for (const d of declarations ?? []) if (d.name === 'display' && !INLINE_DISPLAY.test(d.value)) return true;
	return false;
}

/** Every stylesheet of the page (they apply wherever they sit, in history or in an SVG too), read into one sheet. */
function readSheets(page: HtmlPage): { sheet: Stylesheet; problem: string | null } {
	const sheet = emptySheet();
	for (const css of styleTexts(page)) {
		const { problem } = readStylesheet(css, sheet);
		if (problem) return { sheet, problem };
	}
	return { sheet, problem: null };
}

/** A run of extra tokens, matched from its first token or not at all ("<https://…>" comes whole). */
const extraRun = (text: string): VisibleWord[] => readWords(text).map((word, i): VisibleWord => ({ word, kind: 'extra', follows: i > 0 }));
/** One optional token that may stand any number of times (a quote marker on every line of a quote). */
const repeated = (word: string): VisibleWord => ({ word, kind: 'extra', repeat: true });

/** What a plain part writes after an element: a link's target "<https://…>", an image's "[image: alt]". */
function readExtraAfter(el: HtmlElement): VisibleWord[] {
	if (el.name === 'a' && el.attrs.href && el.children.length > 0) return extraRun(`<${el.attrs.href}>`);
	if (el.name === 'img') return [...extraRun(`[image: ${el.attrs.alt ?? ''}]`), ...extraRun(`[${el.attrs.src ?? ''}]`), ...extraRun(el.attrs.src ?? '')];
	return [];
}

/** The signs plain parts write for a bullet. */
const BULLETS = ['-', '*', '•', '·'];

/** What a plain part writes before an element: a list item's number or bullet, ">" on a line of the user's own quote. */
function readExtraBefore(el: HtmlElement, listNumbers: Map<HtmlElement, string>, quoted: number): VisibleWord[] {
	const out: VisibleWord[] = quoted > 0 ? [repeated('>')] : [];
	const number = listNumbers.get(el);
	if (number !== undefined) out.push({ word: number, kind: 'extra' }, { word: '.', kind: 'extra', follows: true });
	else if (el.name === 'li') out.push(...BULLETS.map(repeated));
	return out;
}

/** "3" for the third item of an ordered list (its `start` counted in): plain parts spell the numbers out. */
function numberItems(ol: HtmlElement, into: Map<HtmlElement, string>): void {
	const start = Number.parseInt(ol.attrs.start ?? '1', 10);
	let n = Number.isFinite(start) ? start : 1;
	for (const child of ol.children) if (child.kind === 'element' && child.name === 'li') into.set(child, String(n++));
}

export type ShowProblem = { code: 'html-unsupported' | 'hidden-text' | 'struck-text' | 'tiny-text'; detail: string };

/**
 * Whether `text` (what would be typed) is what the HTML shows: null when
 * it is, else why not. Linear in the sizes of both.
 */
export function checkShownText(html: string | HtmlPage, text: string): ShowProblem | null {
	const visible = readVisible(html);
	if (visible.problem) return { code: visible.code ?? 'html-unsupported', detail: visible.problem };
	const typed = readWords(text);
	const shown = visible.words;
	let at = 0;
	let matchedExtra = false; // whether the word before `at` was an extra word that was typed
	for (let k = 0; k < typed.length; k++) {
		while (at < shown.length && isPassedOver(shown[at]!, typed[k]!, matchedExtra)) {
			matchedExtra = false;
			at++;
		}
		const next = shown[at];
		matchedExtra = next?.kind === 'extra';
		if (next === undefined) return { code: 'hidden-text', detail: `not shown in the HTML: ${typed.slice(k, k + 8).join(' ')}` };
		if (next.word !== typed[k]) return { code: 'hidden-text', detail: `the HTML shows "${next.word}" where the text says "${typed[k]}"` };
		if (!next.repeat) at++;
	}
	return null;
}

function isPassedOver(word: VisibleWord, typed: string, afterMatchedExtra: boolean): boolean {
	if (word.kind === 'history') return true;
	if (word.kind !== 'extra') return false;
	return word.word !== typed || (word.follows === true && !afterMatchedExtra);
}
