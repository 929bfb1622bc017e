/**
 * The command-policy settings read as the user wrote them: the slash commands
 * they allow (TASKPING_ALLOW_SLASH) and their own deny patterns
 * (TASKPING_DENY_PATTERNS). A bad pattern is a configuration error reported
 * at load time (config/load.ts), never a silent allow-all; verify/policy-config.ts
 * adds the built-in refusals and makes the policy.
 */
import { TaskPingError } from '../errors.js';

export interface PolicySettings {
	maxReplyLength?: number;
	allowSlash?: string | undefined;
	denyPatterns?: string | undefined;
}

/** `/compact, cost` → ['/compact', '/cost']. */
export function readSlashList(setting: string | undefined): string[] {
	return (setting ?? '').split(/[\s,;]+/).map((name) => name.trim()).filter(Boolean).map((name) => (name.startsWith('/') ? name : `/${name}`));
}

/** A JSON array of strings, or one pattern per line. */
export function readDenyPatterns(setting: string | undefined): string[] {
	const text = (setting ?? '').trim();
	if (text === '') return [];
	let patterns: unknown = null;
	if (text.startsWith('[')) {
		try {
			patterns = JSON.parse(text);
		} catch (error) {
			throw new TaskPingError('config-invalid', `TASKPING_DENY_PATTERNS starts with "[" but is not a JSON array of strings (${(error as Error).message}).`, { cause: error, fix: `taskping config set TASKPING_DENY_PATTERNS '["pattern one","pattern two"]'` });
		}
		if (!Array.isArray(patterns) || patterns.some((p) => typeof p !== 'string')) {
			throw new TaskPingError('config-invalid', 'TASKPING_DENY_PATTERNS must be a JSON array of strings, or one pattern per line.', { fix: `taskping config set TASKPING_DENY_PATTERNS '["pattern one","pattern two"]'` });
		}
	}
	const list = (Array.isArray(patterns) ? (patterns as string[]) : text.split('\n')).map((p) => p.trim()).filter(Boolean);
	for (const source of list) {
		try {
			new RegExp(source, 'im');
		} catch (error) {
			throw new TaskPingError('config-invalid', `TASKPING_DENY_PATTERNS: ${JSON.stringify(source)} is not a valid regular expression (${(error as Error).message}).`, { cause: error, fix: 'correct or drop that pattern: taskping config set TASKPING_DENY_PATTERNS …' });
		}
	}
	return list;
}
