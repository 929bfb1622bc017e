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
import { parseDeclarations, readStylesheet, type Stylesheet } from './css-style.js';
import { checkElement, isHiddenElement } from './html-allow.js';
import { DEFAULT_PX, MIN_READABLE_PX, setsPictureFont, sizeInside } from './text-size.js';

/** Crossed out: the writer retracted these words, so typing them would say what they took back. */
const STRUCK = new Set(['s', 'strike', 'del']);

/** text: shown, must be typed in order; extra: a link target or the like, may be typed; history: never typed. */
export interface VisibleWord { word: string; kind: 'text' | 'extra' | 'history'; /** An extra word that may only be matched right after the one before it. */ follows?: boolean }
export interface Visible { words: VisibleWord[]; problem: string | null; code?: ShowProblem['code'] }

const CJK = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])/gu;
/** Shell-significant symbols count as words: hiding a `~` or a `|` changes a command. */
const SYMBOL = /([~|&;$!`\\/=])/g;
/** A sign on a number is a word of its own: "-1" and "1" say different things (not a hyphen inside a word or a date). */
const SIGN = /(^|[^\p{L}\p{N}])([+\-\u2212])(?=\p{N})/gu;
/** What a head may hold: nothing in it is shown, and nothing else in it can change what is (no <link>, <base>, <script>). */
const HEAD = new Set(['meta', 'title', 'style']);

/** Words (NFKC, lower case; each CJK character and each shell symbol one word) in reading order. */
export function readWords(text: string): string[] {
	return text
		.normalize('NFKC')
		.toLowerCase()
		.replace(/\p{Cf}/gu, '')
		.replace(SIGN, (_, before: string, sign: string) => `${before} ${sign === '+' ? '\u2214' : '\u2212'} `)
		.replace(CJK, ' $1 ')
		.replace(SYMBOL, ' $1 ')
		.split(/[^\p{L}\p{N}\p{M}~|&;$!`\\/=\u2212\u2214]+/u)
		.filter(Boolean);
}

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
	type Item = { node: HtmlNode; history: boolean; px: number; pictures: boolean } | { after: VisibleWord[] };
	const stack: Item[] = [{ node: page.root, history: false, px: DEFAULT_PX, pictures: false }];
	/** The number of each item of an ordered list, counted once per list (never once per item: a list may hold thousands). */
	const listNumbers = new Map<HtmlElement, string>();
	let cut = false;
	let seenText = false;
	while (stack.length > 0) {
		const item = stack.pop()!;
		if ('after' in item) {
			words.push(...item.after);
			continue;
		}
		const { node } = item;
		const history = item.history || cut;
		if (node.kind === 'text') {
			if (!history && item.px < MIN_READABLE_PX && /[^\s\p{Cf}]/u.test(node.text)) {
				return { words, problem: `text drawn about ${item.px.toFixed(1)}px high (nested small/sub/sup or font sizes): "${node.text.trim().slice(0, 40)}"`, code: 'tiny-text' };
			}
			if (!history && item.pictures && /[\p{L}\p{N}]/u.test(node.text)) {
				return { words, problem: `words set in a symbol font (Wingdings, Webdings, Symbol…), which shows them as pictures: "${node.text.trim().slice(0, 40)}"`, code: 'html-unsupported' };
			}
			const before = words.length;
			for (const word of readWords(node.text)) words.push({ word, kind: history ? 'history' : 'text' });
			if (!history && words.length > before) seenText = true;
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
			const problem = checkElement(node, declarations);
			if (problem) return { words, problem };
		}
		if (UNSEEN_ELEMENTS.has(node.name)) continue;
		const mark = marks.get(node);
		const role = mark === 'cut' || mark === 'quote' ? mark : null;
		if (role === 'cut') cut = true;
		const inHistory = history || role !== null;
		const extra = inHistory ? [] : readExtraWords(node);
		if (extra.length) stack.push({ after: extra });
		const px = inHistory ? item.px : sizeInside(node, item.px, declarations);
		const pictures = inHistory ? item.pictures : (setsPictureFont(node, declarations) ?? item.pictures);
		for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i]!, history: inHistory, px, pictures });
		if (node.name === 'ol' && !inHistory) numberItems(node, listNumbers);
		const number = inHistory ? undefined : listNumbers.get(node);
		if (number !== undefined) stack.push({ after: [{ word: number, kind: 'extra' }] });
	}
	return { words, problem: null };
}

/** Every stylesheet of the page (they apply wherever they sit, in history or in an SVG too), read into one sheet. */
function readSheets(page: HtmlPage): { sheet: Stylesheet; problem: string | null } {
	const sheet: Stylesheet = { hiddenClasses: new Set() };
	for (const css of styleTexts(page)) {
		const read = readStylesheet(css);
		if (read.problem) return { sheet, problem: read.problem };
		for (const name of read.sheet.hiddenClasses) sheet.hiddenClasses.add(name);
	}
	return { sheet, problem: null };
}

/** Link targets and image texts: plain parts write "text <https://…>" and "[image: alt]". */
function readExtraWords(el: HtmlElement): VisibleWord[] {
	// Each run is matched from its first word or not at all: "[image: alt]" and "<https://…>" come whole, alt text alone is not the image.
	const extra = (text: string) => readWords(text).map((word, i): VisibleWord => ({ word, kind: 'extra', follows: i > 0 }));
	if (el.name === 'a' && el.attrs.href && el.children.length > 0) return extra(el.attrs.href);
	if (el.name === 'img') return [...extra(`image ${el.attrs.alt ?? ''}`), ...extra(el.attrs.src ?? '')];
	return [];
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
		at++;
	}
	return null;
}

function isPassedOver(word: VisibleWord, typed: string, afterMatchedExtra: boolean): boolean {
	if (word.kind === 'history') return true;
	if (word.kind !== 'extra') return false;
	return word.word !== typed || (word.follows === true && !afterMatchedExtra);
}
