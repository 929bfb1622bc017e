import { readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Claude Code's own status file, $CLAUDE_CONFIG_DIR/sessions/<pid>.json
 * (undocumented, seen in 2.1.x): tells "idle, a prompt may be typed" from
 * "busy" and "waiting" (a dialog is open) without scraping the screen.
 */
export interface ClaudeStatus {
	pid: number;
	sessionId: string;
	status: string;
	waitingFor: string | null;
	updatedAt: number;
}

export const claudeConfigDirOf = (configDir: string | null): string => configDir ?? join(process.env.HOME ?? homedir(), '.claude');

/** Every live Claude Code status file; null when the directory does not exist (another Claude Code version). */
export function readClaudeStatuses(configDir: string | null): ClaudeStatus[] | null {
	const dir = join(claudeConfigDirOf(configDir), 'sessions');
	let names: string[];
	try {
		names = readdirSync(dir).filter((name) => name.endsWith('.json'));
	} catch {
		return null;
	}
	return names.flatMap((name) => {
		try {
			const data = JSON.parse(readFileSync(join(dir, name), 'utf8'));
			const pid = Number(data.pid);
			process.kill(pid, 0); // throws when that claude is gone but left its file
			return [{ pid, sessionId: String(data.sessionId ?? ''), status: String(data.status ?? ''), waitingFor: data.waitingFor ?? null, updatedAt: Number(data.statusUpdatedAt ?? data.updatedAt ?? 0) }];
		} catch {
			return [];
		}
	});
}

/** Parent pid of a process (Linux /proc; elsewhere null, and callers skip the check). */
function parentOf(pid: number): number | null {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The command name may contain spaces and parentheses: fields start after the last ')'.
		const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
		return Number.isInteger(ppid) ? ppid : null;
	} catch {
		return null;
	}
}

export const canCheckAncestry = (): boolean => {
	try {
		return statSync('/proc/self/stat').isFile();
	} catch {
		return false;
	}
};

/** True when `pid` runs inside the pane whose shell is `panePid`. */
export function isDescendant(pid: number, panePid: number): boolean {
	let current: number | null = pid;
	for (let depth = 0; current !== null && current > 1 && depth < 64; depth++) {
		if (current === panePid) return true;
		current = parentOf(current);
	}
	return false;
}
