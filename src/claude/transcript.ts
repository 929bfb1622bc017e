import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Transcripts grow for hours; the last prompt is near the end, so read only the tail. */
const TAIL_BYTES = 512 * 1024;

const NOT_A_PROMPT = /^(<command-name>|<local-command-|<bash-input>|<bash-stdout>|<bash-stderr>|<task-notification>|\[Request interrupted by user)/;

/** The last 512 KB of a transcript: recent entries are at the end, and transcripts grow for hours. */
export function readTail(path: string): string {
	const fd = openSync(path, 'r');
	try {
		const size = fstatSync(fd).size;
		const length = Math.min(size, TAIL_BYTES);
		const buffer = Buffer.alloc(length);
		readSync(fd, buffer, 0, length, size - length);
		return buffer.toString('utf8');
	} finally {
		closeSync(fd);
	}
}

/**
 * Claude Code 2.1.332 stores a paste it collapsed into "[Pasted text #N …]" (4+ lines, or a line
 * over ~800 characters) wrapped: "\n\n<pasted_content id=\"ab12\">\n" + text + "\n</pasted_content id=\"ab12\">\n".
 * The inner text is verbatim; this gives back what the person pasted.
 */
export function unwrapPasted(text: string): string {
	if (!text.includes('<pasted_content id=')) return text;
	const unwrapped = text.replace(/(\n\n)?<pasted_content id="([^"\n]{1,64})">\n([\s\S]*?)\n<\/pasted_content id="\2">\n?/g, (_match, gap: string | undefined, _id: string, inner: string, offset: number) => (offset > 0 && gap ? `\n\n${inner}` : inner));
	return unwrapped;
}

/** A prompt a person typed (or TaskPing typed for them): not a background agent's <task-notification>, not a peer's message. */
export function isHumanEntry(entry: Record<string, any>): boolean {
	const kind = entry.origin?.kind;
	// 2.1.197 marks only typed prompts, always "human"; an entry with no origin is older and was typed.
	return kind === undefined || kind === 'human';
}

/** The text of a user entry a person typed, unwrapped; null for tool results, meta, sidechain and non-human entries. */
export function userEntryText(entry: Record<string, any>): string | null {
	if (entry.type !== 'user' || entry.isMeta || entry.isSidechain || !isHumanEntry(entry)) return null;
	const content = entry.message?.content;
	if (typeof content === 'string') return unwrapPasted(content);
	if (!Array.isArray(content) || content.some((block) => block?.type === 'tool_result')) return null;
	const text = content.filter((block) => block?.type === 'text').map((block) => block.text).join('\n');
	return text ? unwrapPasted(text) : null;
}

function promptText(entry: Record<string, any>): string | null {
	if (entry.type === 'attachment' && entry.attachment?.type === 'queued_command') return typeof entry.attachment.prompt === 'string' ? unwrapPasted(entry.attachment.prompt) : null;
	return userEntryText(entry);
}

/** Transcript entries from the newest back; unreadable lines (the tail's cut first line) are skipped. */
function* readEntriesBackwards(transcriptPath: string): Generator<Record<string, any>> {
	let lines: string[];
	try {
		lines = readTail(transcriptPath).split('\n');
	} catch {
		return;
	}
	for (let index = lines.length - 1; index >= 0; index--) {
		try {
			yield JSON.parse(lines[index]!);
		} catch {
			// not a whole entry
		}
	}
}

/** The user's last real prompt in a Claude Code transcript (JSONL), or null. Never throws. */
export function readLastUserPrompt(transcriptPath: string): string | null {
	for (const entry of readEntriesBackwards(transcriptPath)) {
		const text = promptText(entry);
		if (text && !NOT_A_PROMPT.test(text.trimStart())) return text;
	}
	return null;
}

/** Claude's last text in the transcript (one API message may span entries sharing message.id), or null. */
export function readLastAssistantText(transcriptPath: string): string | null {
	let messageId: string | null = null;
	const parts: string[] = [];
	for (const entry of readEntriesBackwards(transcriptPath)) {
		if (entry.type !== 'assistant' || !Array.isArray(entry.message?.content)) continue;
		const id = entry.message.id ?? null;
		if (messageId !== null && id !== messageId) break;
		const text = entry.message.content.filter((block: any) => block?.type === 'text').map((block: any) => block.text).join('\n');
		if (messageId === null && !text) continue;
		messageId = id;
		if (text) parts.unshift(text);
		if (id === null) break;
	}
	return parts.length ? parts.join('\n') : null;
}
