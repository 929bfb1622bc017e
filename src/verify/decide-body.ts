import type { ParsedMail } from 'mailparser';
import { reviewAttachments } from '../reply/attachments.js';
import { extractReply } from '../reply/extract.js';
import { MAX_HTML_DEPTH, MAX_HTML_ELEMENTS, parseHtml, type HtmlPage } from '../reply/html-tree.js';
import { findUndecodableCharsets } from './charsets.js';
import { checkShownText } from './hidden-html.js';
import { readMimeStructure } from './mime-structure.js';
import { checkCommandPolicy } from './policy.js';
import { buildCommandPolicy } from './policy-config.js';
import { sanitizeForTerminal } from './sanitize.js';
import type { DecideContext, DecideSettings, Decision } from './decide.js';

/**
 * The body stage: what needs the body, in order. It runs only for a
 * whitelisted, authenticated sender with a live token (decide.ts), and
 * within the mail's budget: a decoded part over BODY_PART_LIMIT, HTML with
 * more tags than HTML_TAG_LIMIT, or a step starting after the deadline,
 * refuses the mail as `too-complex`. The two size bounds are what keeps the
 * work bounded in time: a step, once started, runs to its end.
 */

/** The body checks by name, in the order they run: `inspect` lists those an earlier refusal skipped. */
export const BODY_CHECKS = ['charset', 'reply-text', 'terminal-control', 'hidden-text', 'command-policy'] as const;

/** Characters of one decoded text or HTML part: far past any reply a person types, even with a long quoted thread. */
export const BODY_PART_LIMIT = 1024 * 1024;
/**
 * Tags in the HTML part, counted before it is parsed. Reading HTML costs about
 * a microsecond per byte under the watcher's flags (parse5's tree, read once
 * for the reply text and the checks: bench 9), so BODY_PART_LIMIT bounds it
 * near a second; this bound only turns away tag soup early. An Outlook reply
 * of 1 MB (Word's HTML) holds about 40,000 tags. The parser's own work on
 * markup that makes it re-open elements is bounded by MAX_HTML_ELEMENTS.
 */
export const HTML_TAG_LIMIT = 60_000;

/** One MIME part as the server describes it (IMAP BODYSTRUCTURE): type, disposition, transfer-encoded size. */
export interface MailPart { type: string; disposition: string | null; size: number }

/**
 * A part the reply reader would read as text (text/plain or text/html not
 * sent as an attachment) whose encoded size is over BODY_PART_LIMIT. Its
 * decoded text is at most that size for every encoding but base64 and
 * multi-byte charsets, where it is at most a third smaller: a reply of that
 * size is not one a person wrote, whichever it is.
 */
export function oversizedTextPart(parts: readonly MailPart[]): MailPart | null {
	return parts.find((part) => /^text\/(?:plain|html)$/i.test(part.type) && part.disposition?.toLowerCase() !== 'attachment' && part.size > BODY_PART_LIMIT) ?? null;
}

/** Counts `<` up to just past the limit: one indexOf pass, no regex. */
function exceedsTagLimit(html: string): boolean {
	let count = 0;
	for (let at = html.indexOf('<'); at >= 0; at = html.indexOf('<', at + 1)) if (++count > HTML_TAG_LIMIT) return true;
	return false;
}

/** What the sanitiser removes that no person types: the reply is refused rather than typed without it. */
const TERMINAL_REMOVALS = new Set(['escape-sequence', 'bracketed-paste', 'control']);

/** Never throws: a check that breaks on hostile input refuses the mail. */
export function decideBody(mail: ParsedMail, decision: Decision, context: DecideContext): Decision {
	try {
		decideBodyOrThrow(mail, decision, context);
	} catch {
		decision.reasons.push('check-failed');
	}
	decision.accepted = decision.reasons.length === 0 && decision.text !== null && decision.session !== null;
	return decision;
}

function decideBodyOrThrow(mail: ParsedMail, decision: Decision, context: DecideContext): void {
	const { reasons } = decision;
	const overBudget = (next: (typeof BODY_CHECKS)[number]): boolean => {
		if (context.deadline === undefined || performance.now() <= context.deadline) return false;
		reasons.push('too-complex');
		decision.skipped = BODY_CHECKS.slice(BODY_CHECKS.indexOf(next));
		return true;
	};
	const partLength = Math.max(typeof mail.html === 'string' ? mail.html.length : 0, typeof mail.text === 'string' ? mail.text.length : 0);
	if (partLength > BODY_PART_LIMIT || (typeof mail.html === 'string' && exceedsTagLimit(mail.html))) {
		reasons.push('too-complex');
		decision.skipped = [...BODY_CHECKS];
		return;
	}
	if (overBudget('charset')) return;
	if (context.raw !== undefined) {
		const mime = readMimeStructure(context.raw);
		if (findUndecodableCharsets(context.raw).length > 0 && !mime.codes.includes('unknown-charset')) reasons.push('unknown-charset');
		reasons.push(...mime.codes);
		decision.details.push(...mime.details);
	}
	// A NUL ends the text for some readers and not for others: refused wherever it sits.
	if (`${mail.text ?? ''}${typeof mail.html === 'string' ? mail.html : ''}`.includes('\u0000')) reasons.push('nul-byte');
	if (overBudget('reply-text')) return;
	// One parse of the HTML part serves the reading and every check of it: parsing is most of what HTML costs.
	const page = typeof mail.html === 'string' && mail.html.trim() !== '' ? parseHtml(mail.html) : undefined;
	if (page && (page.depth > MAX_HTML_DEPTH || page.abandoned)) {
		// No client nests this deep or makes the parser re-open elements by the ten thousand: what it would show is not read.
		reasons.push(page.abandoned === 'too-many-elements' ? 'too-complex' : 'html-unsupported');
		decision.details.push(page.abandoned === 'too-many-elements' ? `the HTML makes a parser build more than ${MAX_HTML_ELEMENTS} elements` : `the HTML nests elements more than ${MAX_HTML_DEPTH} deep`);
		decision.skipped = BODY_CHECKS.slice(BODY_CHECKS.indexOf('reply-text'));
		return;
	}
	const extraction = extractReply(mail, page);
	if (extraction.automated) {
		decision.automated = true;
		decision.answerable = false;
		reasons.push(...extraction.reasons);
		return;
	}
	if (extraction.text === null) {
		// The extractor's diagnostics (body:text, quote, history:…) go to details, never into an answer mail.
		reasons.push(extractionOutcome(extraction.reasons));
		decision.details.push(...extraction.reasons);
		return;
	}
	if (overBudget('terminal-control')) return;
	decision.setAside = extraction.setAside ?? [];
	checkText(page, extraction.text, decision, context.config);
	const attachments = reviewAttachments(mail.attachments ?? [], Boolean(decision.session?.dialog));
	reasons.push(...attachments.reasons);
	decision.attachments = attachments.details;
	decision.pictures = attachments.pictures;
}

/** What would reach the terminal: sanitised, shown in the HTML a person reads, within the command policy. */
function checkText(page: HtmlPage | undefined, extracted: string, decision: Decision, config: DecideSettings): void {
	const { reasons } = decision;
	// Far over the limit (a 5 MB body): refused before any per-character work, so a flood costs nothing.
	if (extracted.length > config.maxReplyLength * 4) {
		reasons.push('too-long');
		return;
	}
	const clean = sanitizeForTerminal(extracted);
	if (clean.removed.some((code) => TERMINAL_REMOVALS.has(code))) reasons.push('terminal-control');
	if (clean.removed.includes('bidi-control')) reasons.push('bidi-control');
	if (clean.removed.includes('variation-selector')) reasons.push('variation-selector');
	if (clean.removed.includes('invisible-character')) reasons.push('invisible-character');
	// U+FFFD is what a decoder writes for bytes it could not read in the declared charset (or a meta charset that disagrees): the user wrote something else.
	if (clean.text.includes('\uFFFD')) reasons.push('unreadable-characters');
	if (clean.removed.includes('tag')) reasons.push('hidden-text');
	else if (page) {
		const shown = checkShownText(page, clean.text);
		if (shown) {
			reasons.push(shown.code);
			decision.details.push(shown.detail);
		}
	}
	const policy = checkCommandPolicy(clean.text, buildCommandPolicy(config));
	// A dialog answer is mapped to keys, never typed as a prompt: the prompt policy does not apply.
	if (decision.session?.dialog) {
		decision.text = clean.text.trim() || null;
		if (!policy.ok && policy.reason === 'too-long') reasons.push('too-long');
	} else if (policy.ok) decision.text = policy.text;
	else {
		decision.text = clean.text;
		reasons.push(policy.reason);
	}
}

/** The one reason an extraction without text gives: what the user can act on, not how the extractor got there. */
function extractionOutcome(diagnostics: string[]): string {
	const last = diagnostics.at(-1);
	return last === 'forward-without-note' || last === 'error' ? last : 'empty';
}
