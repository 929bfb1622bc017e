import { applyEdits, findNodeAtLocation, format, modify, parse, parseTree, type FormattingOptions, type ParseError } from 'jsonc-parser';
import { TaskPingError } from '../src/errors.js';

/**
 * Pure edits of Claude Code's settings.json text. TaskPing's entries are
 * found by a marker (the hook script's file name in the command), and every
 * change is a minimal text edit, so the user's own formatting, key order,
 * other settings and other hooks stay exactly as they were.
 */
export const HOOK_MARKER = 'taskping-hook.js';

export interface HookEntry {
	event: string;
	command: string;
	/** Exec form: Claude Code spawns `command` with these arguments, no shell, so no path is ever quoted. */
	args?: string[];
	matcher?: string;
	timeout?: number;
}

interface Group {
	matcher?: string;
	hooks?: Array<{ type?: string; command?: string; args?: unknown; timeout?: number }>;
}

type Settings = { hooks?: Record<string, Group[]> } & Record<string, unknown>;

/** A hook entry of ours, in shell form (marker in the command) or exec form (marker in an argument). */
export const isOurs = (hook: { command?: unknown; args?: unknown } | undefined): boolean =>
	(typeof hook?.command === 'string' && hook.command.includes(HOOK_MARKER)) ||
	(Array.isArray(hook?.args) && hook.args.some((arg) => typeof arg === 'string' && arg.includes(HOOK_MARKER)));

function detectFormatting(text: string): FormattingOptions {
	const indented = text.split(/\r?\n/).find((line) => /^[ \t]+\S/.test(line));
	const eol = text.includes('\r\n') ? '\r\n' : '\n';
	if (indented?.startsWith('\t')) return { insertSpaces: false, tabSize: 1, eol };
	const width = indented ? indented.length - indented.trimStart().length : 2;
	return { insertSpaces: true, tabSize: width, eol };
}

function parseSettings(text: string, file: string): Settings {
	if (text.trim() === '') return {};
	const errors: ParseError[] = [];
	const value = parse(text, errors, { allowTrailingComma: true });
	if (errors.length || !value || typeof value !== 'object' || Array.isArray(value)) {
		throw new TaskPingError('settings-invalid', `${file} is not a JSON object (error at offset ${errors[0]?.offset ?? 0}); fix it by hand, then run taskping install again.`);
	}
	return value as Settings;
}

/**
 * Cuts a property or array element with its separating comma, leaving the
 * neighbours' lines exactly as they were (jsonc-parser's removal eats the
 * line break before the closing bracket).
 */
function removeNode(text: string, path: Array<string | number>): string {
	const tree = parseTree(text, [], { allowTrailingComma: true });
	let node = tree && findNodeAtLocation(tree, path);
	if (!node) return text;
	if (node.parent?.type === 'property') node = node.parent;
	const siblings = node.parent?.children ?? [];
	const index = siblings.indexOf(node);
	const previous = siblings[index - 1];
	const next = siblings[index + 1];
	// Drop "previous-end … node-end" (comma before it), or for a first element "node-start … next-start".
	const [start, end] = previous ? [previous.offset + previous.length, node.offset + node.length] : next ? [node.offset, next.offset] : [node.offset, node.offset + node.length];
	let cut = text.slice(0, start) + text.slice(end);
	if (!previous && !next) {
		// Now-empty container: collapse the whitespace left inside it.
		const open = start - (text.slice(0, start).length - text.slice(0, start).trimEnd().length);
		const close = end + (text.slice(end).length - text.slice(end).trimStart().length);
		cut = text.slice(0, open) + text.slice(close);
	}
	return cut;
}

/**
 * One raw edit, then formatting of the inserted text only: jsonc-parser's own
 * formatting pass would also re-flow the user's neighbouring lines.
 */
function edit(text: string, path: Array<string | number>, value: unknown, formatting: FormattingOptions, isArrayInsertion = false): string {
	if (value === undefined) return removeNode(text, path);
	const edits = modify(text, path, value, { isArrayInsertion });
	const changed = applyEdits(text, edits);
	if (value === undefined || edits.length === 0) return changed;
	const inserted = edits[0]!;
	return applyEdits(changed, format(changed, { offset: inserted.offset, length: inserted.content.length }, { ...formatting, keepLines: false }));
}

/** Removes every TaskPing hook entry; groups and events left empty by that are removed too. */
export function removeHooks(text: string, file = 'settings.json'): { text: string; changes: string[] } {
	const formatting = detectFormatting(text);
	const changes: string[] = [];
	let current = text;
	const settings = parseSettings(current, file);
	for (const [event, groups] of Object.entries(settings.hooks ?? {})) {
		if (!Array.isArray(groups)) continue;
		// Backwards, so earlier indices stay valid after each removal.
		for (let g = groups.length - 1; g >= 0; g--) {
			const hooks = groups[g]?.hooks ?? [];
			const ours = hooks.map((hook, index) => (isOurs(hook) ? index : -1)).filter((index) => index >= 0);
			if (ours.length === 0) continue;
			if (ours.length === hooks.length) current = edit(current, ['hooks', event, g], undefined, formatting);
			else for (const index of ours.reverse()) current = edit(current, ['hooks', event, g, 'hooks', index], undefined, formatting);
			changes.push(`removed ${event} hook`);
		}
		const after = parseSettings(current, file).hooks?.[event];
		if (Array.isArray(after) && after.length === 0) current = edit(current, ['hooks', event], undefined, formatting);
	}
	const hooksAfter = parseSettings(current, file).hooks;
	if (hooksAfter && Object.keys(hooksAfter).length === 0 && settings.hooks && Object.keys(settings.hooks).length > 0) {
		current = edit(current, ['hooks'], undefined, formatting);
	}
	return { text: current, changes };
}

/** Our entries as they are in the file now, to tell whether an install would change anything. */
function currentEntries(settings: Settings): HookEntry[] {
	return Object.entries(settings.hooks ?? {}).flatMap(([event, groups]) =>
		(Array.isArray(groups) ? groups : []).flatMap((group) =>
			(group.hooks ?? []).filter((hook) => isOurs(hook)).map((hook) => ({ event, command: String(hook.command), args: Array.isArray(hook.args) ? hook.args.map(String) : undefined, matcher: group.matcher, timeout: hook.timeout })),
		),
	);
}

const sameEntries = (a: HookEntry[], b: HookEntry[]) =>
	JSON.stringify(a.map((e) => [e.event, e.command, e.args ?? null, e.matcher ?? null, e.timeout ?? null]).sort()) ===
	JSON.stringify(b.map((e) => [e.event, e.command, e.args ?? null, e.matcher ?? null, e.timeout ?? null]).sort());

/** Makes TaskPing's entries exactly `entries`: running it twice gives the same file. */
export function addHooks(text: string, entries: HookEntry[], file = 'settings.json'): { text: string; changes: string[] } {
	if (sameEntries(currentEntries(parseSettings(text, file)), entries)) return { text, changes: [] };
	const removed = removeHooks(text, file);
	const formatting = detectFormatting(text);
	let current = removed.text.trim() === '' ? '{}\n' : removed.text;
	for (const entry of entries) {
		const group: Group = { ...(entry.matcher !== undefined ? { matcher: entry.matcher } : {}), hooks: [{ type: 'command', command: entry.command, ...(entry.args ? { args: entry.args } : {}), ...(entry.timeout ? { timeout: entry.timeout } : {}) }] };
		const existing = parseSettings(current, file).hooks?.[entry.event];
		current = Array.isArray(existing)
			? edit(current, ['hooks', entry.event, existing.length], group, formatting, true)
			: edit(current, ['hooks', entry.event], [group], formatting);
	}
	const replaced = new Set(removed.changes.map((change) => change.replace('removed ', '')));
	const changes = entries.map((entry) => `${replaced.has(`${entry.event} hook`) ? 'updated' : 'added'} ${entry.event} hook`);
	return { text: current, changes };
}
