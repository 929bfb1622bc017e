/**
 * Reading Claude Code's screen (tmux capture-pane). Only used to confirm
 * what the status file cannot say: which dialog is open and whether the
 * input box already holds text. Pure functions over captured text.
 */
export interface DialogOption {
	number: number;
	label: string;
	selected: boolean;
}

const ESCAPES = /\x1b\[[0-9;?]*[A-Za-z]/g;
const RULE = /^─{10,}/;

/** Whitespace-collapsed, for matching text that the UI may have wrapped or indented. */
export const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** The numbered options of the dialog at the bottom of the screen ("❯ 1. Yes", "  3. No"). */
export function parseDialogOptions(screen: string): DialogOption[] {
	const lines = screen.replace(ESCAPES, '').split('\n');
	const options: DialogOption[] = [];
	for (const line of lines) {
		const match = /^\s*(❯)?\s*(\d{1,2})\.\s+(.+?)\s*$/.exec(line);
		if (!match) continue;
		const number = Number(match[2]);
		if (number === 1) options.length = 0; // a new list starts: the last list on screen is the live dialog
		options.push({ number, label: match[3]!, selected: Boolean(match[1]) });
	}
	return options;
}

/**
 * The text in Claude Code's input box, from a capture taken WITH escapes
 * (capture-pane -e) so dim placeholder hints are not mistaken for text.
 * '' for an empty box; null when no input box is on screen (a dialog is open).
 */
export function readInputBox(screenWithEscapes: string): string | null {
	const lines = screenWithEscapes.split('\n');
	for (let index = lines.length - 2; index > 0; index--) {
		const plain = lines[index]!.replace(ESCAPES, '');
		if (!plain.startsWith('❯') || !RULE.test(lines[index - 1]!.replace(ESCAPES, ''))) continue;
		// Drop dim (SGR 2) runs: placeholders such as 'Try "…"' are drawn dim.
		const visible = lines[index]!.replace(/\x1b\[2m[\s\S]*?(?=\x1b\[(?:0|22)?m|$)/g, '').replace(ESCAPES, '');
		return visible.replace(/^❯/, '').trim();
	}
	return null;
}
