/**
 * What an answer to a permission mail means. Approval is an allow-list: the
 * answer approves only when everything the person wrote is approval words
 * and politeness (answer-words.ts) — "yes", "Sure, go ahead", "好的，谢谢",
 * "no problem", "👍" — with at most ordinary closing lines below it
 * (closing.ts). Any other word (a condition, a time, "but", "kidding", an
 * emoji that is not an approval sign, text in a cut signature) leaves it
 * unclear: nothing is pressed and the person is told the exact words to use.
 * A refusal word with no yes beside it is a refusal, and what follows it goes
 * to Claude as feedback, as typed. Decided on words, never on option numbers:
 * the dialog's numbers differ between Claude Code versions (on 2.1.332, "3"
 * approves and switches the session to auto mode).
 */
import { ALWAYS, APPROVE, FOREIGN_YES, NO_EN, NO_ZH, NOT_REFUSALS, POLITE } from './answer-words.js';
import { dropClosingLines, unusualSetAside } from './closing.js';

export type PermissionAnswer = { kind: 'yes' } | { kind: 'always' } | { kind: 'no'; feedback?: string };
export type PermissionReading = PermissionAnswer | { kind: 'unclear'; why: string };
/** What else the reply held: the lines the reader cut as a signature, and the sender's address (their name may close the answer). */
export type AnswerContext = { setAside?: string[]; sender?: string };

/** The words a mail lists, so the instructions and the reader can never disagree. */
export const ANSWER_WORDS = { yes: 'yes / 批准', always: 'always / 总是允许', no: 'no / 拒绝', feedback: 'no, <what to do instead> / 不要，<说明>' };
export const EXACT_WORDS = `${ANSWER_WORDS.yes} · ${ANSWER_WORDS.always} · ${ANSWER_WORDS.no} · ${ANSWER_WORDS.feedback}`;

type Kind = 'approve' | 'always' | 'polite' | 'foreign';
const LEXICON: Array<[string, Kind]> = [
	...APPROVE.map((p): [string, Kind] => [p, 'approve']), ...ALWAYS.map((p): [string, Kind] => [p, 'always']),
	...POLITE.map((p): [string, Kind] => [p, 'polite']), ...FOREIGN_YES.map((p): [string, Kind] => [p, 'foreign']),
].sort((a, b) => b[0].length - a[0].length);
/** Between phrases: spaces and punctuation that add no meaning. "?" is not one: "yes?" asks. */
const SEPARATOR = /[\s,，、:：;；.。!！~～\-—–…"'“”«»「」『』()（）[\]]/u;
/** Letters and digits that continue a Latin word (not Han, which follows a Latin phrase without a space). */
const LATIN_END = /[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{N}]/u;
const LATIN_WORD = /[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{N}]+(?:'[\p{Script=Latin}]+)*/uy;
const HAN = /\p{Script=Han}/u;
/** "don't run it", "not ok", "不行", "没同意": a negated yes is no yes. */
const NEGATED_EN = /\b(?:don't|dont|do not|not|never)\s+$/;
const NEGATED_ZH = /(?:不|别|別|没|沒|先不)(?:行|可以|可|同意|好|是|对|對|允许|允許|批准|确认|確認|执行|執行|继续|繼續)/gu;
/** Past this many unknown words the answer is unclear anyway; stop looking (bounded work on a long text). */
const ENOUGH = 6;

type Match = { kind: Kind };
/** The answer cut into known phrases and unknown words, left to right, longest phrase first. */
function scan(text: string): { matches: Match[]; unknown: string[] } {
	const matches: Match[] = [];
	const unknown: string[] = [];
	let i = 0;
	while (i < text.length && unknown.length < ENOUGH) {
		if (SEPARATOR.test(text[i]!)) { i++; continue; }
		// A Latin phrase ends at a word's end ("ok" is not the start of "okra"); Chinese may follow it directly ("OK啦").
		const hit = LEXICON.find(([phrase]) => text.startsWith(phrase, i) && !(LATIN_END.test(phrase.at(-1)!) && LATIN_END.test(text[i + phrase.length] ?? '')));
		if (hit) {
			const end = i + hit[0].length;
			// A one-character Chinese yes (好, 行, 是…) inside a word is no yes: 运行, 但是, 可是 ("but")…
			const standalone = hit[0].length > 1 || !HAN.test(hit[0]) || (!HAN.test(text[i - 1] ?? '') && !HAN.test(text[end] ?? ''));
			// …and so is a negated one ("don't run it"): both are words TaskPing does not read as yes.
			if (NEGATED_EN.test(text.slice(Math.max(0, i - 8), i)) || (!standalone && hit[1] !== 'polite')) unknown.push(hit[0]);
			else matches.push({ kind: hit[1] });
			i = end;
			continue;
		}
		LATIN_WORD.lastIndex = i;
		const word = LATIN_WORD.exec(text)?.[0] ?? String.fromCodePoint(text.codePointAt(i)!);
		unknown.push(word);
		i += word.length;
	}
	return { matches, unknown };
}

const normalize = (text: string) => text.normalize('NFKC').replace(/[’‘`]/g, "'").replace(/[\uFE0F\u{1F3FB}-\u{1F3FF}]/gu, '').replace(/\s+/g, ' ').trim().toLowerCase();
const wordsOf = (text: string) => text.match(/[a-z]+(?:'[a-z]+)?/g) ?? [];

/** A refusal word anywhere, once the yes idioms that hold one ("no problem", "没问题") are taken out. */
function refuses(text: string): boolean {
	let rest = text;
	for (const phrase of NOT_REFUSALS) rest = rest.split(phrase).join(' ');
	return wordsOf(rest).some((word) => NO_EN.includes(word)) || /\bdo not\b/.test(rest) || NO_ZH.some((mark) => rest.includes(mark));
}

/** A refusal word at the start ("no, use make", "不要，改用 make"): what follows is the feedback. */
function afterLeadingRefusal(text: string): string {
	const english = /^(?:no|nope|nah|don't|dont|do not|stop|wait|cancel|deny|reject|refuse|never)\b/i.exec(text);
	const chinese = /^(?:拒绝|拒絕|不要|不行|不可以|不同意|不准|先不要|先别|先不|别|不|否|取消|算了)/u.exec(text);
	const match = english ?? chinese;
	if (!match) return text;
	const rest = text.slice(match[0].length);
	// "don't run it" is feedback as a whole; only "no, run make" / "不要，改用 make" split off the refusal.
	if (rest.trim() === '') return '';
	return /^\s*[,，、:：;；.。!！~～\-—–]+\s*/u.test(rest) ? rest.replace(/^\s*[,，、:：;；.。!！~～\-—–]+\s*/u, '').trim() : text;
}

const quoted = (words: string[]) => words.map((word) => `"${word}"`).join(', ');

export function readPermissionAnswer(raw: string, context: AnswerContext = {}): PermissionReading {
	// Decided on the NFKC form (fullwidth ｎｏ is no); feedback keeps what the person wrote.
	const body = dropClosingLines(raw.replace(/\r/g, ''), context.sender);
	const written = body.replace(/[’‘`]/g, "'").replace(/\s+/g, ' ').trim();
	const text = normalize(body);
	if (text === '') return { kind: 'unclear', why: 'the answer is empty' };
	if (/^#?\d+\.?$/.test(text.replace(/[\s.!。！]+$/u, ''))) return { kind: 'unclear', why: `"${text}" is an option number, and the numbers differ between Claude Code versions (on 2.1.332 "3" switches the session to auto mode)` };
	const extra = unusualSetAside(context.setAside ?? [], context.sender);
	if (extra.length) return { kind: 'unclear', why: `below the answer, in what reads as a signature, the mail also says ${quoted(extra)}, and TaskPing cannot tell whether that is part of the answer` };
	const { matches, unknown } = scan(text.replace(NEGATED_ZH, ' ¬ '));
	const yesSign = matches.some((match) => match.kind !== 'polite');
	const refusal = refuses(text);
	if (refusal && yesSign) return { kind: 'unclear', why: `"${written}" says yes and no at once` };
	if (refusal) {
		const feedback = afterLeadingRefusal(written);
		return feedback === '' ? { kind: 'no' } : { kind: 'no', feedback };
	}
	if (unknown.length === 0 && matches.some((match) => match.kind === 'always')) return { kind: 'always' };
	if (unknown.length === 0 && matches.some((match) => match.kind === 'approve') && !matches.some((match) => match.kind === 'foreign')) return { kind: 'yes' };
	if (matches.some((match) => match.kind === 'foreign') && unknown.length === 0) return { kind: 'unclear', why: `TaskPing reads yes only in English or Chinese, and "${written}" is neither` };
	if (yesSign) return { kind: 'unclear', why: `"${written}" is more than a yes (${quoted(unknown)}): TaskPing approves only an answer that is just yes, never one with a condition, a time or a note` };
	return { kind: 'unclear', why: `"${written}" has no yes or no in it` };
}

/** The answer, or null when it is unclear (readPermissionAnswer says why). */
export function parsePermissionAnswer(text: string, context: AnswerContext = {}): PermissionAnswer | null {
	const reading = readPermissionAnswer(text, context);
	return reading.kind === 'unclear' ? null : reading;
}
