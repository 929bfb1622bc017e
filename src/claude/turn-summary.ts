/**
 * "What happened this turn", read from Claude Code's transcript at compose
 * time (never in the hook): files edited or written with their added and
 * removed lines, commands with their exit status, tool errors, the turn's
 * duration and token usage. Bounded: only the transcript's tail is read
 * (readTail), and every list is capped. Never throws.
 */
import { isUserPrompt, readTailEntries, type ContentBlock, type TranscriptEntry } from './transcript.js';

export interface FileChange { path: string; action: 'edited' | 'created' | 'written'; added: number; removed: number }
export interface CommandRun { command: string; exitCode: number | null }
export interface ToolError { tool: string; message: string }

export interface TurnSummary {
	files: FileChange[];
	commands: CommandRun[];
	errors: ToolError[];
	durationMs: number | null;
	tokens: { input: number; output: number } | null;
	/** Entries beyond the caps, so the mail can say "and N more". */
	moreCommands: number;
}

const MAX_COMMANDS = 8;
const MAX_ERRORS = 5;
const MAX_FILES = 12;

/** Entries of the turn `promptId` started (else the newest turn), oldest first. */
function turnEntries(transcriptPath: string, promptId: string | null): TranscriptEntry[] {
	const entries = readTailEntries(transcriptPath);
	let start = -1;
	for (let i = entries.length - 1; i >= 0; i--) {
		if (!isUserPrompt(entries[i]!)) continue;
		if (promptId === null || entries[i]!.promptId === promptId) {
			start = i;
			break;
		}
	}
	if (start === -1) return [];
	const end = entries.findIndex((entry, i) => i > start && isUserPrompt(entry));
	return entries.slice(start, end === -1 ? undefined : end);
}

const resultText = (content: unknown): string =>
	typeof content === 'string' ? content : Array.isArray(content) ? content.map((block: ContentBlock | null) => (typeof block?.text === 'string' ? block.text : '')).join('\n') : '';

const firstLine = (text: string, max = 160): string => {
	const line = text.replace(/<\/?tool_use_error>/g, '').trim().split('\n')[0] ?? '';
	return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

function countPatch(patch: unknown): { added: number; removed: number } {
	let added = 0;
	let removed = 0;
	if (Array.isArray(patch)) {
		for (const hunk of patch) {
			for (const line of Array.isArray(hunk?.lines) ? hunk.lines : []) {
				if (typeof line !== 'string') continue;
				if (line.startsWith('+')) added++;
				else if (line.startsWith('-')) removed++;
			}
		}
	}
	return { added, removed };
}

const lineCount = (text: string): number => (text === '' ? 0 : text.replace(/\n$/, '').split('\n').length);

const EDIT_TOOLS = new Set(['Edit', 'MultiEdit', 'Write', 'NotebookEdit']);

/** The summary of one turn, or null when the transcript cannot be read or the turn is not in its tail. */
export function readTurnSummary(transcriptPath: string, promptId: string | null): TurnSummary | null {
	if (!transcriptPath) return null;
	const entries = turnEntries(transcriptPath, promptId);
	if (entries.length === 0) return null;
	const uses = new Map<string, { name: string; input: Record<string, unknown> }>();
	const files = new Map<string, FileChange>();
	const commands: CommandRun[] = [];
	const errors: ToolError[] = [];
	const usage = new Map<string, { input: number; output: number }>();
	let durationMs: number | null = null;
	for (const entry of entries) {
		if (entry.type === 'assistant' && Array.isArray(entry.message?.content)) {
			for (const block of entry.message.content) if (block?.type === 'tool_use' && typeof block.id === 'string') uses.set(block.id, { name: String(block.name), input: block.input ?? {} });
			const u = entry.message.usage;
			if (u && typeof entry.message.id === 'string') {
				// One API message is split over several entries that repeat its usage: count it once.
				usage.set(entry.message.id, { input: (u.input_tokens ?? 0) + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0), output: u.output_tokens ?? 0 });
			}
		}
		if (entry.type === 'system' && entry.subtype === 'turn_duration' && typeof entry.durationMs === 'number') durationMs = entry.durationMs;
		if (entry.type !== 'user' || !Array.isArray(entry.message?.content)) continue;
		for (const block of entry.message.content) {
			if (block?.type !== 'tool_result') continue;
			const use = typeof block.tool_use_id === 'string' ? uses.get(block.tool_use_id) : undefined;
			if (!use) continue;
			const text = resultText(block.content);
			if (use.name === 'Bash') {
				const exit = /^Exit code (\d+)/.exec(text);
				const interrupted = entry.toolUseResult?.interrupted === true;
				commands.push({ command: String(use.input.command ?? ''), exitCode: interrupted ? null : block.is_error ? (exit ? Number(exit[1]) : null) : 0 });
				continue;
			}
			if (block.is_error) {
				errors.push({ tool: use.name, message: firstLine(text) });
				continue;
			}
			if (!EDIT_TOOLS.has(use.name)) continue;
			const result = entry.toolUseResult ?? {};
			const path = String(result.filePath ?? use.input.file_path ?? use.input.notebook_path ?? '');
			if (!path) continue;
			const counted = result.type === 'create' ? { added: lineCount(String(result.content ?? use.input.content ?? '')), removed: 0 } : countPatch(result.structuredPatch);
			const action: FileChange['action'] = result.type === 'create' ? 'created' : use.name === 'Write' ? 'written' : 'edited';
			const before = files.get(path);
			files.set(path, { path, action: before?.action === 'created' ? 'created' : action, added: (before?.added ?? 0) + counted.added, removed: (before?.removed ?? 0) + counted.removed });
		}
	}
	if (durationMs === null) {
		const first = Date.parse(entries[0]!.timestamp ?? '');
		const last = Date.parse([...entries].reverse().find((entry) => entry.timestamp)?.timestamp ?? '');
		if (Number.isFinite(first) && Number.isFinite(last) && last >= first) durationMs = last - first;
	}
	const totals = [...usage.values()].reduce((sum, u) => ({ input: sum.input + u.input, output: sum.output + u.output }), { input: 0, output: 0 });
	return {
		files: [...files.values()].slice(0, MAX_FILES),
		commands: commands.slice(-MAX_COMMANDS),
		moreCommands: Math.max(0, commands.length - MAX_COMMANDS),
		errors: errors.slice(0, MAX_ERRORS),
		durationMs,
		tokens: usage.size ? totals : null,
	};
}
