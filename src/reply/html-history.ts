/**
 * Which containers of a reply's HTML are thread history, decided once on the
 * tree for both readers (the text to type, html.ts, and what a person sees,
 * verify/hidden-html.ts), so the two can never disagree about it.
 *
 * A client's history id or class (Outlook's divRplyFwdMsg, <hr id=stopSpelling>,
 * QQ's includetail, yahoo_quoted, a blockquote) only says where a client would
 * put history; whether it IS history is decided by what it holds: a reply
 * quotes exactly one mail, ours, so history holds our own content (marker,
 * name, token; own-content.ts). A quote that does not, written among the
 * user's words, is the user's own quote: it is typed as shown, with ">".
 */
import type { HtmlElement, HtmlNode } from './html-tree.js';
import { classifyElement, findHistoryCandidate } from './html-rules.js';
import { endsLikeAttribution, isOwnAttribution } from './attribution.js';
import { holdsOwnContent, looksLikeQuotedProse, OWN_TEXT_WINDOW } from './own-content.js';
import { ownHistoryFollows, SEPARATOR_SHAPE } from './separator.js';

/** cut: history starts here, nothing after it is the user's. quote: a quoted part of our mail. user-quote: the user's own quote. */
export type HistoryMark = 'cut' | 'quote' | 'user-quote';

const LINE_BREAKS = new Set(['br', 'div', 'p', 'li', 'tr', 'blockquote', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/** One tree serves both readers (html-tree.ts): its marks are made once. */
const made = new WeakMap<HtmlElement, Map<HtmlElement, HistoryMark>>();

/** The marks, in one pass in reading order; elements after a cut are not visited (they are history). */
export function markHistory(root: HtmlElement): Map<HtmlElement, HistoryMark> {
	let marks = made.get(root);
	if (!marks) {
		marks = walkHistory(root);
		made.set(root, marks);
	}
	return marks;
}

function walkHistory(root: HtmlElement): Map<HtmlElement, HistoryMark> {
	const marks = new Map<HtmlElement, HistoryMark>();
	const budget: Budget = { nodes: MAIL_NODES };
	let userWords = false; // a word of the user's was seen above (in reading order)
	let inOurs = false; // a quote of ours was seen: later quotes are its other parts (an inline reply)
	const stack: Array<HtmlNode | { leave: true }> = [...root.children].reverse();
	let userQuoteDepth = 0;
	let line = ''; // the text of the current line, for an attribution right above a quote
	let lineBlock: HtmlElement | null = null; // the block that line is in
	while (stack.length > 0) {
		const node = stack.pop()!;
		if ('leave' in node) {
			userQuoteDepth--;
			continue;
		}
		if (node.kind === 'text') {
			if (/\S/.test(node.text)) userWords = true;
			line = (line + node.text).slice(-MAX_LINE);
			// A client's separator line with our notification after it (QQ, Samsung, Yahoo's flat history): its block starts history.
			if (lineBlock && isSeparatorAbove(line, () => textAfter(stack, budget))) {
				marks.set(lineBlock, 'cut');
				return marks;
			}
			continue;
		}
		const role = classifyElement(node);
		if (role === 'skip' || role === 'hidden') continue;
		const above = line;
		const aboveBlock = lineBlock;
		if (LINE_BREAKS.has(node.name)) {
			line = '';
			lineBlock = node;
		}
		const candidate = findHistoryCandidate(node);
		if (candidate === 'cut' && holdsOwnContent((node.name === 'hr' ? textAfter(stack, budget) : textLines(node, budget)).join('\n'))) {
			marks.set(node, 'cut');
			return marks;
		}
		// Any rule or bare blockquote (hey.com, Superhuman and others quote without a client class) is history when our notification follows or fills it.
		if (candidate === 'rule' && ownHistoryFollows(['', ...textAfter(stack, budget).map((l) => l.trim())], 0)) {
			marks.set(node, 'cut');
			return marks;
		}
		if (candidate === 'indent' && userQuoteDepth === 0 && (namesUs(above) || holdsOwnContent(textLines(node, budget).join('\n')))) {
			marks.set(node, 'quote');
			inOurs = true;
			continue;
		}
		if (candidate === 'quote') {
			const lines = textLines(node, budget);
			const attributed = userQuoteDepth === 0 && namesUs(above);
			const ours = userQuoteDepth === 0 && (inOurs || attributed || holdsOwnContent(lines.join('\n')) || (!userWords && looksLikeQuotedProse(lines)));
			// The attribution's own block is history too, when it holds nothing else (Apple Mail, Outlook's plain "On … wrote:" div).
			if (attributed && aboveBlock && !contains(aboveBlock, node) && squash(textLines(aboveBlock, budget).join(' ')) === squash(above)) marks.set(aboveBlock, 'quote');
			if (ours) {
				marks.set(node, 'quote');
				inOurs = true;
				continue;
			}
			// A blockquote is shown as a quote (a bar, an indent): typed with ">". A client's class on a div draws nothing.
			if (node.name === 'blockquote') {
				marks.set(node, 'user-quote');
				userQuoteDepth++;
				stack.push({ leave: true });
			}
		}
		for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
	}
	return marks;
}

const DASHES = '-_=—–*';

/** Whether a line is a separator ("-----Original Message-----", any language) above our notification. */
function isSeparatorAbove(line: string, after: () => string[]): boolean {
	// Most text is no separator: its first and last visible characters are looked at before anything else.
	const ends = /\S/.exec(line);
	if (!ends || !DASHES.includes(ends[0]) || !DASHES.includes(line.trimEnd().slice(-1))) return false;
	const text = squash(line.replace(/\u00a0/g, ' '));
	if (!SEPARATOR_SHAPE.test(text)) return false;
	return ownHistoryFollows([text, ...after().map((l) => l.trim())], 0);
}

function contains(ancestor: HtmlElement, node: HtmlElement): boolean {
	for (let at: HtmlElement | null = node; at; at = at.parent) if (at === ancestor) return true;
	return false;
}

/** An attribution is one line, wrapped at most in three: more text than this is not one. */
const MAX_LINE = 500;

/** The line right above a quote is a client's attribution of our mail ("On …, TaskPing <…> wrote:", any language). */
function namesUs(line: string): boolean {
	const text = line.replace(/\s+/g, ' ').trim();
	return holdsOwnContent(text) && (endsLikeAttribution(text) || isOwnAttribution(text, false));
}

/** Nodes looked at per container or after a rule: our marker sits near the top; nested empty elements cannot make this a square. */
const TEXT_NODES = 2000;
/**
 * Nodes looked at in all, per mail: a client's reply has a handful of quote
 * candidates and one separator, so this is never reached by one; a mail of
 * thousands of separators or quotes stops being looked into (its later
 * candidates read as empty: the user's text, not history) and stays linear.
 * Both readers mark the same tree the same way, so they still agree.
 */
const MAIL_NODES = 100_000;
interface Budget { nodes: number }
/** Entries of the walk looked at after a rule or separator: the client's header block or our marker follows within a few. */
const AFTER_ENTRIES = 64;

/** An element's text, one line per block as a reader lays it out, up to the window. */
function textLines(el: HtmlElement, budget: Budget): string[] {
	return readLines([el], budget);
}

/**
 * The text after the current point in reading order: the nodes still to
 * visit, nearest first (the top of the walk's stack). Bounded in entries,
 * nodes and characters, so ten thousand rules cost ten thousand small looks.
 */
function textAfter(stack: Array<HtmlNode | { leave: true }>, budget: Budget): string[] {
	const next: HtmlNode[] = [];
	for (let i = stack.length - 1; i >= Math.max(0, stack.length - AFTER_ENTRIES); i--) {
		const entry = stack[i]!;
		if (!('leave' in entry)) next.push(entry);
	}
	return readLines(next, budget);
}

function readLines(nodes: HtmlNode[], budget: Budget): string[] {
	let out = '';
	const stack: Array<HtmlNode | '\n'> = [...nodes].reverse();
	for (let seen = 0; stack.length > 0 && out.length < OWN_TEXT_WINDOW && seen < TEXT_NODES && budget.nodes > 0; seen++, budget.nodes--) {
		const next = stack.pop()!;
		// One line per block: a block boundary ends the line, never adds an empty one (as line-writer.ts lays it out).
		if (next === '\n') out += out.endsWith('\n') ? '' : '\n';
		else if (next.kind === 'text') out += next.text.replace(/\s+/g, ' ');
		else {
			if (LINE_BREAKS.has(next.name)) {
				if (!out.endsWith('\n') || next.name === 'br') out += '\n';
				stack.push('\n');
			}
			for (let i = next.children.length - 1; i >= 0; i--) stack.push(next.children[i]!);
		}
	}
	return out.slice(0, OWN_TEXT_WINDOW).split('\n');
}

const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();
