/**
 * What a person wrote back to a permission or question mail, understood —
 * or not. Anything unclear is refused, never guessed: in Claude Code's
 * dialog a wrong key approves a tool.
 */
export type PermissionAnswer =
	| { kind: 'yes'; note?: string }
	| { kind: 'always' }
	| { kind: 'no'; feedback?: string };

export type QuestionAnswer = { index: number; label: string };

const YES = ['yes', 'y', 'yeah', 'yep', 'yup', 'approve', 'approved', 'ok', 'okay', 'sure', 'go', 'go ahead', 'do it', 'allow', '1', '批准', '同意', '可以', '好', '好的', '是', '是的', '行', '允许', '确认', '批准執行', '核准', '允許'];
const ALWAYS = ['always', 'always allow', 'yes always', 'yes, always', "yes, and don't ask again", '2', '总是允许', '始终允许', '一直允许', '总是', '永远允许', '總是允許', '始終允許'];
const NO = ['no', 'n', 'nope', 'deny', 'denied', 'reject', 'rejected', 'refuse', "don't", 'dont', 'do not', 'stop', '3', '拒绝', '不行', '不要', '不', '否', '不可以', '不同意', '拒絕', '不准'];

/** Case-folded, trailing punctuation and surrounding quotes dropped: "No." and "批准！" are plain words. */
const normalize = (text: string) =>
	text.trim().toLowerCase().replace(/^["'“”‘’「」]+|["'“”‘’「」]+$/g, '').replace(/[\s.!。！~～]+$/u, '').trim();

/** "no, use make instead", "No: …", "不要，改用 make", "拒绝：…" — a word, a separator, then free text. */
const WITH_TEXT = /^([^\s,，:：;；\-—]+(?:\s[^\s,，:：;；\-—]+)?)\s*[,，:：;；\-—]+\s*([\s\S]+)$/u;

export function parsePermissionAnswer(text: string): PermissionAnswer | null {
	const whole = normalize(text);
	if (ALWAYS.includes(whole)) return { kind: 'always' };
	if (YES.includes(whole)) return { kind: 'yes' };
	if (NO.includes(whole)) return { kind: 'no' };
	const match = WITH_TEXT.exec(text.trim());
	if (!match) return null;
	const word = normalize(match[1]!);
	const rest = match[2]!.trim();
	if (!rest) return null;
	if (NO.includes(word)) return { kind: 'no', feedback: rest };
	if (YES.includes(word)) return { kind: 'yes', note: rest };
	return null;
}

/** An option picked by its number ("2", "2.", "#2") or by its label (case-insensitive). */
export function parseQuestionAnswer(text: string, labels: string[]): QuestionAnswer | null {
	const whole = normalize(text);
	const number = /^#?(\d{1,2})\.?$/.exec(whole);
	if (number) {
		const index = Number(number[1]) - 1;
		return labels[index] !== undefined ? { index, label: labels[index]! } : null;
	}
	const byLabel = labels.findIndex((label) => normalize(label) === whole);
	if (byLabel >= 0) return { index: byLabel, label: labels[byLabel]! };
	// "2. Blue" or "2 Blue": number and label must agree.
	const both = /^#?(\d{1,2})[.)、:：\s]\s*(.+)$/u.exec(whole);
	if (both) {
		const index = Number(both[1]) - 1;
		if (labels[index] !== undefined && normalize(labels[index]!) === normalize(both[2]!)) return { index, label: labels[index]! };
	}
	return null;
}

/** The first question of an AskUserQuestion input, with its option labels; null when it is not one. */
export function readQuestion(toolInput: unknown): { question: string; labels: string[]; descriptions: string[]; multiSelect: boolean } | null {
	const first = (toolInput as { questions?: Array<Record<string, unknown>> })?.questions?.[0];
	if (!first || typeof first.question !== 'string' || !Array.isArray(first.options)) return null;
	const options = first.options as Array<{ label?: unknown; description?: unknown }>;
	return {
		question: first.question,
		labels: options.map((option) => String(option.label ?? '')),
		descriptions: options.map((option) => String(option.description ?? '')),
		multiSelect: first.multiSelect === true,
	};
}

/** Words to show in the mail, so the reply instructions and the parser can never disagree. */
export const ANSWER_WORDS = { yes: 'yes / 批准', always: 'always / 总是允许', no: 'no / 拒绝', feedback: 'no, <what to do instead> / 不要，<说明>' };
