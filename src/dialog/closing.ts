/**
 * Ordinary closing lines: what may stand below a permission answer without
 * being part of it — "Thanks,", "Best regards", the sender's own name, and in
 * a signature block the reader cut (reply/extract.ts) a name, a title, a
 * company, an address or a phone number. Decided by shape (an allow-list), and
 * a line that holds a yes, a no, a time or a condition is never a closing:
 * "yes\n-- \nNo! don't delete build" presses nothing.
 */
import { CLOSING } from './answer-words.js';

/** Words a name or a title line never holds: they change what the answer above means. */
const VETO = new Set(['kidding', 'joking', 'jk', 'later', 'tomorrow', 'tonight', 'today', 'now', 'soon', 'first', 'after', 'before', 'until', 'till', 'unless', 'except', 'only',
	'but', 'however', 'instead', 'actually', 'wait', 'pause', 'postpone', 'hold', 'never', 'not', 'no', 'nope', 'yes', 'ok', 'okay', 'sure', 'stop', 'cancel', 'abort', 'deny', 'reject',
	'delete', 'keep', 'backup', 'back', 'run', 'leave', 'skip', 'undo', 'revert', 'again', 'always', 'please', 'lol', 'haha', 'jk', 'sarcasm', 'right']);
/** Characters a Chinese name line never holds: negations, time, particles, yes words. */
const VETO_ZH = /[不别別没沒否拒停等算再先后後回天删刪吧了呢啊吗嗎请請要用做跑好行是可对對嗯准批允确確总總]/u;
const CAPITALISED = /^(?:[\p{Lu}][\p{L}'’.-]*|of|and|the|at|for|de|van|von|der|da|di|le|la|&|\|)$/u;
const CONTACT = /\S+@\S+\.\S+|https?:\/\/\S+|www\.\S+|\+?\d[\d\s().-]{5,}\d|^(?:tel|phone|mobile|mob|cell|fax|email|e-mail|web|[tmef])\s*[:.]/giu;

const squash = (line: string) => line.normalize('NFKC').replace(/[\uFE0F]/gu, '').trim();

/** "Thanks,", "Best regards", "此致敬礼": closing words and nothing else. */
export function isClosingWords(line: string): boolean {
	const text = squash(line).toLowerCase().replace(/[\s,，.。!！~～:：]+$/u, '').replace(/\s+/g, ' ');
	return CLOSING.includes(text);
}

/** The sender's own name, told by the parts of their address ("Maya", "Maya Chen" for maya.chen@…). */
export function isSendersName(line: string, sender: string | undefined): boolean {
	const parts = (sender ?? '').toLowerCase().split('@')[0]!.split(/[._+-]+/).filter((part) => part.length > 1);
	const words = squash(line).toLowerCase().replace(/^[-—–~]+\s*/u, '').split(/[\s,.]+/).filter(Boolean);
	return words.length > 0 && words.length <= 3 && words.every((word) => parts.includes(word));
}

/** A line of a signature block: a name, a title, a company, contact details — capitalised words with nothing that answers. */
function isSignatureLine(line: string): boolean {
	const rest = squash(line).replace(CONTACT, ' ').replace(/^[-—–~]+/u, '').trim();
	if (rest === '' || isClosingWords(rest)) return true;
	if (/[!?！？。;；]/u.test(rest)) return false;
	if (/\p{Script=Han}/u.test(rest)) return /^[\p{Script=Han}·\s]{2,6}$/u.test(rest) && !VETO_ZH.test(rest);
	const words = rest.split(/[\s|·•,/]+/u).filter(Boolean);
	return words.length <= 6 && words.every((word) => CAPITALISED.test(word) && !VETO.has(word.toLowerCase().replace(/[.'’]+$/u, '')));
}

/**
 * The lines of the set-aside signature blocks that are not an ordinary closing
 * (the first few, for the reason); an empty list when all of them are.
 */
export function unusualSetAside(setAside: string[], sender: string | undefined): string[] {
	return setAside.flatMap((part) => part.split('\n')).filter((line) => !isSignatureLine(line) && !isSendersName(line, sender)).slice(0, 3).map((line) => line.trim());
}

/** The answer without closing lines at its end: "Thanks,\nMaya", "Thanks, Maya", "— Maya", the sender's own name, "Best regards". */
export function dropClosingLines(text: string, sender: string | undefined): string {
	const lines = text.split('\n').filter((line) => line.trim() !== '');
	while (lines.length > 1) {
		const last = lines[lines.length - 1]!;
		const signed = /^(.+?)[,，]\s*(.+)$/u.exec(last.trim());
		if (isClosingWords(last) || isSendersName(last, sender) || (signed && isClosingWords(signed[1]!) && isSendersName(signed[2]!, sender))) lines.pop();
		else if (lines.length > 2 && isClosingWords(lines[lines.length - 2]!) && isSignatureLine(last)) lines.splice(-2);
		else break;
	}
	return lines.join('\n');
}
