/**
 * What an answer to a permission mail means. It approves only when it
 * unambiguously says yes: one refusal word anywhere (no, don't, stop, wait,
 * cancel, 不要, 别, 先不, 取消 …) makes it a refusal, with the text passed to
 * Claude as feedback — or, when it also says yes ("OK, no.", "好，不要",
 * "Yes — but don't run it"), unclear: nothing is pressed and the person is
 * told the exact words to use. Decided on words, never on option numbers:
 * the dialog's numbers differ between Claude Code versions (on 2.1.332, "3"
 * approves and switches the session to auto mode).
 */
export type PermissionAnswer =
	| { kind: 'yes'; note?: string }
	| { kind: 'always' }
	| { kind: 'no'; feedback?: string };

export type PermissionReading = PermissionAnswer | { kind: 'unclear'; why: string };

/** The words a mail lists, so the instructions and the reader can never disagree. */
export const ANSWER_WORDS = { yes: 'yes / 批准', always: 'always / 总是允许', no: 'no / 拒绝', feedback: 'no, <what to do instead> / 不要，<说明>' };
export const EXACT_WORDS = `${ANSWER_WORDS.yes} · ${ANSWER_WORDS.always} · ${ANSWER_WORDS.no} · ${ANSWER_WORDS.feedback}`;

const YES_EN = ['yes', 'y', 'yeah', 'yea', 'yep', 'yup', 'ok', 'okay', 'k', 'sure', 'approve', 'approved', 'allow', 'allowed', 'proceed', 'confirm', 'confirmed', 'fine', 'lgtm', 'accept', 'accepted', 'agreed', 'agree', 'alright'];
// Idioms that mean yes but carry a refusal word: with it they read as "yes and no", so unclear.
const YES_PHRASES_EN = ['no problem', 'no worries', 'not a problem', 'why not', 'go ahead', 'do it', 'sounds good', 'all right', 'yes please', 'ok go ahead', 'yes go ahead', 'run it', 'approve it'];
const YES_ZH = ['批准', '同意', '可以', '好的', '好', '是的', '是', '行', '允许', '允許', '确认', '確認', '核准', '嗯', '对', '對', '没问题', '沒問題', '好吧', '可'];
const ALWAYS = ['always', 'always allow', 'yes always', 'yes, always', 'allow always', "yes, and don't ask again", '总是允许', '始终允许', '一直允许', '总是', '永远允许', '總是允許', '始終允許', '一律允许'];
/** English refusal words, matched as whole words (so "note" or "nothing" never count as "no"/"not"). */
const NO_EN = ['no', 'n', 'nope', 'nah', 'nay', 'not', 'never', 'stop', 'wait', 'cancel', 'cancelled', 'canceled', 'deny', 'denied', 'reject', 'rejected', 'refuse', 'refused', 'decline', 'declined', 'abort', 'halt', 'hold', 'skip', 'veto', 'negative', 'cannot', 'without',
	"don't", 'dont', "doesn't", 'doesnt', "didn't", 'didnt', "won't", 'wont', "can't", 'cant', "shouldn't", 'shouldnt', "mustn't", 'mustnt', "isn't", 'isnt', "aren't", "wouldn't", "couldn't", 'nothing', 'none'];
/** Chinese refusal marks, matched anywhere: Chinese has no spaces, and 不/别/没 start nearly every negation. */
const NO_ZH = ['不', '别', '別', '没', '沒', '否', '拒', '停', '等', '取消', '算了', '暂缓', '暫緩', '禁止', '莫', '勿', '甭', '休想', '免了'];
/** Hedges never approve: "maybe", "I think so". */
const HEDGE = ['maybe', 'perhaps', 'probably', 'possibly', 'think', 'guess', 'unsure', '也许', '也許', '或许', '可能', '大概', '应该吧'];

const SEPARATOR = /^[\s,，、:：;；.。!！~～\-—–]+/u;
/** Punctuation between a leading word and the rest: only then is the rest a note or feedback of its own. */
const PUNCTUATION = /^\s*[,，、:：;；.。!！~～\-—–]+\s*/u;
/** Negated yes words (不行, 不可以, 没同意…) are refusals, not yes words. */
const NEGATED_ZH = /(?:不|别|別|没|沒|先不)(?:行|可以|可|同意|好|是|对|對|允许|允許|批准|确认|確認)/gu;
const normalize = (text: string) => text.normalize('NFKC').replace(/[’‘`]/g, "'").replace(/\s+/g, ' ').trim();
const bare = (text: string) => text.toLowerCase().replace(/^["'“”「」『』]+|["'“”「」『』]+$/gu, '').replace(/[\s.!。！~～]+$/u, '').trim();
const wordsOf = (text: string) => text.toLowerCase().match(/[a-z]+(?:'[a-z]+)?/g) ?? [];

function hasAny(text: string, english: string[], chinese: string[]): boolean {
	const words = wordsOf(text);
	return words.some((word) => english.includes(word)) || chinese.some((mark) => text.includes(mark));
}

/** A yes word or phrase at the very start, followed by the end or a separator; returns what follows. */
function leadingYes(text: string): { rest: string } | null {
	const lower = text.toLowerCase();
	const candidates = [...YES_PHRASES_EN, ...YES_EN].sort((a, b) => b.length - a.length);
	for (const word of candidates) {
		if (!lower.startsWith(word)) continue;
		const after = text.slice(word.length);
		if (after === '' || SEPARATOR.test(after)) return { rest: after.replace(SEPARATOR, '').trim() };
	}
	for (const word of [...YES_ZH].sort((a, b) => b.length - a.length)) {
		if (text.startsWith(word)) return { rest: text.slice(word.length).replace(SEPARATOR, '').trim() };
	}
	return null;
}

const ALWAYS_ZH = ['总是', '始终', '一直', '永远', '總是', '始終', '一律'];

/** Whether the text says yes anywhere. Single-character Chinese yes words (好, 行, 是…) count only as a segment of their own: 运行 and 但是 are not yes. */
function saysYes(text: string): boolean {
	if (leadingYes(text) !== null || hasAny(text, [...YES_EN, 'always'], ALWAYS_ZH)) return true;
	const positive = text.replace(NEGATED_ZH, ' ');
	if (YES_ZH.some((word) => word.length > 1 && positive.includes(word))) return true;
	return positive.split(/[\s,，、:：;；.。!！?？~～\-—–]+/u).some((segment) => YES_ZH.includes(segment));
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
	return PUNCTUATION.test(rest) ? rest.replace(PUNCTUATION, '').trim() : text;
}

export function readPermissionAnswer(raw: string): PermissionReading {
	// Decided on the NFKC form (fullwidth ｎｏ is no); notes and feedback keep what the person wrote.
	const written = raw.replace(/[’‘`]/g, "'").replace(/\s+/g, ' ').trim();
	const text = normalize(raw);
	if (text === '') return { kind: 'unclear', why: 'the answer is empty' };
	const whole = bare(text);
	if (/^#?\d+\.?$/.test(whole)) return { kind: 'unclear', why: `"${whole}" is an option number, and the numbers differ between Claude Code versions (on 2.1.332 "3" switches the session to auto mode)` };
	const refusal = hasAny(text, NO_EN, NO_ZH) || /\bdo not\b/i.test(text);
	const yes = saysYes(text) || ALWAYS.includes(whole);
	if (refusal && yes) return { kind: 'unclear', why: `"${text}" says yes and no at once` };
	if (refusal) {
		const feedback = afterLeadingRefusal(written);
		return feedback === '' ? { kind: 'no' } : { kind: 'no', feedback };
	}
	if (hasAny(text, HEDGE, HEDGE) || /[?？]/u.test(text)) return { kind: 'unclear', why: `"${text}" is not a clear yes` };
	if (ALWAYS.includes(whole)) return { kind: 'always' };
	if (hasAny(text, ['always'], ALWAYS_ZH)) return { kind: 'unclear', why: '"always" takes no note: answer just "always"' };
	const lead = leadingYes(written) ?? leadingYes(text);
	if (!lead) return { kind: 'unclear', why: yes ? `"${text}" does not start with yes` : `"${text}" has no yes or no in it` };
	// "Yes, please." / "好的，谢谢" carry no note worth typing into the dialog.
	const filler = /^(?:please|pls|thanks|thank you|thx|ta|cheers|谢谢|谢了|感谢|多谢|请)$/u.test(bare(lead.rest).toLowerCase());
	const note = bare(lead.rest) === '' || filler || leadingYes(lead.rest)?.rest === '' ? '' : lead.rest;
	return note ? { kind: 'yes', note } : { kind: 'yes' };
}

/** The answer, or null when it is unclear (readPermissionAnswer says why). */
export function parsePermissionAnswer(text: string): PermissionAnswer | null {
	const reading = readPermissionAnswer(text);
	return reading.kind === 'unclear' ? null : reading;
}
