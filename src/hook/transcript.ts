import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Transcripts grow for hours; the last prompt is near the end, so read only the tail. */
const TAIL_BYTES = 512 * 1024;

const NOT_A_PROMPT = /^(<command-name>|<local-command-|<bash-input>|<bash-stdout>|<bash-stderr>|\[Request interrupted by user)/;

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

function promptText(entry: Record<string, any>): string | null {
	if (entry.type === 'attachment' && entry.attachment?.type === 'queued_command') return typeof entry.attachment.prompt === 'string' ? entry.attachment.prompt : null;
	if (entry.type !== 'user' || entry.isMeta || entry.isSidechain) return null;
	const content = entry.message?.content;
	if (typeof content === 'string') return content;
	if (!Array.isArray(content) || content.some((block) => block?.type === 'tool_result')) return null;
	const text = content.filter((block) => block?.type === 'text').map((block) => block.text).join('\n');
	return text || null;
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
