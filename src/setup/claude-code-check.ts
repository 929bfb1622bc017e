import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';
import type { Finding } from './doctor-checks.js';
import { isAlive } from '../fs/process-identity.js';

/**
 * Which Claude Code the user runs and how it asks for permission. TaskPing
 * reads Claude Code's screen, status file and hook payloads, which change
 * between versions; the range below is what the e2e suites ran on.
 */
export const TESTED_CLAUDE_CODE = { min: '2.1.197', max: '2.1.332' } as const;
/** From this version on, a session with no permissions.defaultMode starts in auto mode. */
export const AUTO_DEFAULT_SINCE = '2.1.283';

export function compareVersions(a: string, b: string): number {
	const [x, y] = [a, b].map((v) => v.split('.').map((part) => Number.parseInt(part, 10) || 0));
	for (let i = 0; i < 3; i++) if (x![i] !== y![i]) return (x![i] ?? 0) - (y![i] ?? 0);
	return 0;
}

/** The version of a running session (its status file), else of `claude --version` on PATH; null when neither says. */
export function findClaudeVersion(env: NodeJS.ProcessEnv): { version: string; source: string } | null {
	const sessions = join(env.CLAUDE_CONFIG_DIR ?? join(env.HOME ?? homedir(), '.claude'), 'sessions');
	try {
		for (const name of readdirSync(sessions).filter((n) => /^\d+\.json$/.test(n))) {
			try {
				const data = JSON.parse(readFileSync(join(sessions, name), 'utf8'));
				if (typeof data.version === 'string' && isAlive(Number(data.pid ?? name.slice(0, -5)))) return { version: data.version, source: `running session, pid ${data.pid}` };
			} catch {
				// being rewritten
			}
		}
	} catch {
		// no sessions folder
	}
	const run = spawnSync('claude', ['--version'], { encoding: 'utf8', timeout: 10_000, env: { ...env, DISABLE_AUTOUPDATER: '1' }, stdio: ['ignore', 'pipe', 'ignore'] });
	const match = /(\d+\.\d+\.\d+)/.exec(run.stdout ?? '');
	return run.status === 0 && match ? { version: match[1]!, source: 'claude --version' } : null;
}

/** permissions.defaultMode from the settings files in play (later files win: user, project, project-local). */
export function findPermissionMode(files: string[], version: string | null): { mode: string; source: string } {
	let found: { mode: string; source: string } | null = null;
	for (const file of files) {
		let text: string;
		try {
			text = readFileSync(file, 'utf8');
		} catch {
			continue;
		}
		const mode = (parse(text) as { permissions?: { defaultMode?: unknown } } | undefined)?.permissions?.defaultMode;
		if (typeof mode === 'string') found = { mode, source: file };
	}
	if (found) return found;
	if (version && compareVersions(version, AUTO_DEFAULT_SINCE) >= 0) return { mode: 'auto', source: `the default of Claude Code ${AUTO_DEFAULT_SINCE}+ (no permissions.defaultMode set)` };
	return { mode: 'default', source: 'the default (no permissions.defaultMode set)' };
}

export function checkClaudeCode(env: NodeJS.ProcessEnv, settingsFiles: string[]): Finding[] {
	const range = `tested ${TESTED_CLAUDE_CODE.min}–${TESTED_CLAUDE_CODE.max}`;
	const found = findClaudeVersion(env);
	const findings: Finding[] = [];
	if (!found) findings.push({ check: 'Claude Code', severity: 'warn', detail: `no running session and no claude on PATH (${range})`, fix: 'npm install -g @anthropic-ai/claude-code' });
	else if (compareVersions(found.version, TESTED_CLAUDE_CODE.min) < 0 || compareVersions(found.version, TESTED_CLAUDE_CODE.max) > 0) {
		findings.push({ check: 'Claude Code', severity: 'warn', detail: `${found.version} (${found.source}) is outside the range TaskPing was tested on (${TESTED_CLAUDE_CODE.min}–${TESTED_CLAUDE_CODE.max}): dialogs or hooks may differ`, fix: compareVersions(found.version, TESTED_CLAUDE_CODE.min) < 0 ? 'update Claude Code (claude update)' : 'check for a newer TaskPing; answer dialogs at the terminal if a mail answer is refused' });
	} else findings.push({ check: 'Claude Code', severity: 'ok', detail: `${found.version} (${found.source}; ${range})` });
	const { mode, source } = findPermissionMode(settingsFiles, found?.version ?? null);
	if (mode === 'auto') {
		findings.push({ check: 'permission mode', severity: 'warn', detail: `auto (${source}): most actions run without asking, so no permission mails; actions auto mode blocks are mailed`, fix: 'for a mail before each action: "permissions": {"defaultMode": "default"} in ~/.claude/settings.json' });
	} else if (mode === 'bypassPermissions') {
		findings.push({ check: 'permission mode', severity: 'warn', detail: `bypassPermissions (${source}): nothing is ever asked, nothing is mailed before it runs`, fix: 'use "default" for email approvals' });
	} else findings.push({ check: 'permission mode', severity: 'ok', detail: `${mode} (${source})` });
	return findings;
}
