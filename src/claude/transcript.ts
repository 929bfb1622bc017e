import { readFileTail } from '../fs/tail.js';

/** Transcripts grow for hours; the last prompt is near the end, so read only the tail. */
const TAIL_BYTES = 512 * 1024;

const NOT_A_PROMPT = /^(<command-name>|<local-command-|<bash-input>|<bash-stdout>|<bash-stderr>|<task-notification>|\[Request interrupted by user)/;

/** The last 512 KB of a transcript: recent entries are at the end, and transcripts grow for hours. */
export const readTail = (path: string): string => readFileTail(path, TAIL_BYTES);

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

/** A content block of a transcript message: what Claude Code wrote, so every field is checked before use. */
export interface ContentBlock {
	type?: string;
	text?: unknown;
	id?: unknown;
	name?: unknown;
	input?: Record<string, unknown>;
	tool_use_id?: unknown;
	content?: unknown;
	is_error?: unknown;
}

/** One line of a Claude Code transcript (JSONL), as far as TaskPing reads it. */
export interface TranscriptEntry {
	type?: string;
	subtype?: string;
	isMeta?: boolean;
	isSidechain?: boolean;
	timestamp?: string;
	promptId?: string;
	durationMs?: unknown;
	origin?: { kind?: string };
	message?: {
		id?: string;
		content?: string | ContentBlock[];
		usage?: { input_tokens?: number; output_tokens?: number; cache_creation_input_tokens?: number; cache_read_input_tokens?: number };
	};
	attachment?: { type?: string; prompt?: unknown };
	toolUseResult?: { interrupted?: unknown; filePath?: unknown; type?: unknown; content?: unknown; structuredPatch?: unknown };
}

/** A prompt a person typed (or TaskPing typed for them): not a background agent's <task-notification>, not a peer's message. */
export function isHumanEntry(entry: TranscriptEntry): boolean {
	const kind = entry.origin?.kind;
	// 2.1.197 marks only typed prompts, always "human"; an entry with no origin is older and was typed.
	return kind === undefined || kind === 'human';
}

/** Whether an entry is a prompt a person typed: a user entry, not meta, sidechain or a tool result. */
export function isUserPrompt(entry: TranscriptEntry): boolean {
	if (entry.type !== 'user' || entry.isMeta || entry.isSidechain || !isHumanEntry(entry)) return false;
	const content = entry.message?.content;
	return typeof content === 'string' || (Array.isArray(content) && !content.some((block) => block?.type === 'tool_result'));
}

/** The text of a user entry a person typed, unwrapped; null for tool results, meta, sidechain and non-human entries. */
export function userEntryText(entry: TranscriptEntry): string | null {
	if (!isUserPrompt(entry)) return null;
	const content = entry.message?.content;
	if (typeof content === 'string') return unwrapPasted(content);
	if (!Array.isArray(content)) return null;
	const text = content.filter((block) => block?.type === 'text').map((block) => block.text).join('\n');
	return text ? unwrapPasted(text) : null;
}

function promptText(entry: TranscriptEntry): string | null {
	if (entry.type === 'attachment' && entry.attachment?.type === 'queued_command') return typeof entry.attachment.prompt === 'string' ? unwrapPasted(entry.attachment.prompt) : null;
	return userEntryText(entry);
}

/** The lines of the transcript's tail; none when it cannot be read. */
function tailLines(transcriptPath: string): string[] {
	try {
		return readTail(transcriptPath).split('\n');
	} catch {
		return [];
	}
}

const parseEntry = (line: string): TranscriptEntry | null => {
	try {
		const entry: unknown = JSON.parse(line);
		return typeof entry === 'object' && entry !== null ? (entry as TranscriptEntry) : null;
	} catch {
		return null; // the tail's cut first line, or a line being written
	}
};

/** The entries in the transcript's tail, oldest first; unreadable lines are skipped. */
export function readTailEntries(transcriptPath: string): TranscriptEntry[] {
	return tailLines(transcriptPath).map(parseEntry).filter((entry) => entry !== null);
}

/** Transcript entries from the newest back, parsed one by one (the last prompt is usually near the end). */
export function* readEntriesBackwards(transcriptPath: string): Generator<TranscriptEntry> {
	const lines = tailLines(transcriptPath);
	for (let index = lines.length - 1; index >= 0; index--) {
		const entry = parseEntry(lines[index]!);
		if (entry) yield entry;
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
		const text = entry.message.content.filter((block) => block?.type === 'text').map((block) => block.text).join('\n');
		if (messageId === null && !text) continue;
		messageId = id;
		if (text) parts.unshift(text);
		if (id === null) break;
	}
	return parts.length ? parts.join('\n') : null;
}
