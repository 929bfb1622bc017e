import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { MAILED_EVENTS } from '../src/claude/hook-events.js';
import { TaskPingError } from '../src/errors.js';
import { hookScript } from '../src/fs/layout.js';
import { addHooks, removeHooks, type HookEntry } from './settings.js';


/** Claude Code's user settings: $CLAUDE_CONFIG_DIR/settings.json, else ~/.claude/settings.json. */
export const defaultSettingsFile = (env: NodeJS.ProcessEnv = process.env): string =>
	join(env.CLAUDE_CONFIG_DIR ?? join(env.HOME ?? homedir(), '.claude'), 'settings.json');

/**
 * Absolute paths (this node, this package's hook), so the hook works whatever PATH Claude Code
 * has, in Claude Code's exec form (`args`, since 2.1.139): spawned without a shell, so a path
 * with spaces, quotes or `$` needs no quoting at all.
 */
export function hookEntries(nodePath = process.execPath, script = hookScript()): HookEntry[] {
	const entry = (event: string) => ({ event, command: nodePath, args: [script, event] });
	// Every event but Stop takes a matcher ('' = all): PermissionRequest fires as soon as a dialog or
	// question opens, naming the tool; PermissionDenied (auto mode blocked a call) and StopFailure (a
	// turn ended on an API error) since Claude Code 2.1.283.
	return MAILED_EVENTS.map((event) => (event === 'Stop' ? { ...entry(event), timeout: 10 } : { ...entry(event), matcher: '', timeout: 10 }));
}

function readText(file: string): string {
	try {
		return readFileSync(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
		throw new TaskPingError('settings-unreadable', `Cannot read ${file}: ${(error as Error).message}`, { cause: error });
	}
}

/** Writes with a backup of the previous content beside it (settings.json.taskping-backup). */
function writeWithBackup(file: string, text: string): string | null {
	mkdirSync(dirname(file), { recursive: true });
	let backup: string | null = null;
	if (existsSync(file)) {
		backup = `${file}.taskping-backup`;
		copyFileSync(file, backup);
	}
	const tmp = `${file}.taskping-tmp`;
	writeFileSync(tmp, text);
	renameSync(tmp, file);
	return backup;
}

export interface InstallResult {
	file: string;
	changes: string[];
	backup: string | null;
}

export function installHooks(file: string, entries: HookEntry[] = hookEntries(), dryRun = false): InstallResult {
	const before = readText(file);
	const { text, changes } = addHooks(before, entries, file);
	const backup = changes.length && !dryRun ? writeWithBackup(file, text) : null;
	return { file, changes, backup };
}

export function uninstallHooks(file: string, dryRun = false): InstallResult {
	const before = readText(file);
	if (before === '') return { file, changes: [], backup: null };
	const { text, changes } = removeHooks(before, file);
	const backup = changes.length && !dryRun ? writeWithBackup(file, text) : null;
	return { file, changes, backup };
}
