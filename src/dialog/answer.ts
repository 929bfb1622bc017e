/**
 * What a person wrote back to a permission or question mail, understood —
 * or not. Anything unclear is refused, never guessed: in Claude Code's
 * dialog a wrong key approves a tool.
 */
export { ANSWER_WORDS, EXACT_WORDS, parsePermissionAnswer, readPermissionAnswer, type AnswerContext, type PermissionAnswer } from './intent.js';

export type QuestionAnswer = { index: number; label: string };

/** Case-folded, trailing punctuation and surrounding quotes dropped: "Blue." and "2！" are plain words. */
const normalize = (text: string) =>
	text.normalize('NFKC').trim().toLowerCase().replace(/^["'“”‘’「」]+|["'“”‘’「」]+$/g, '').replace(/[\s.!。！~～]+$/u, '').trim();

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
