import { appendFileSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { ensurePrivateDir } from './atomic.js';

export type Level = 'debug' | 'info' | 'warn' | 'error';
export type Logger = (level: Level, event: string, fields?: Record<string, unknown>) => void;

const MAX_BYTES = 5 * 1024 * 1024;

/**
 * Structured JSON lines in the state dir, rotated at 5 MB (one old file
 * kept). Callers pass redacted values: tokens via redactToken, never secrets.
 * `echo` also prints a short human line (the watcher in the foreground).
 */
export function createLogger(file: string, options: { echo?: boolean; debug?: boolean } = {}): Logger {
	return (level, event, fields = {}) => {
		if (level === 'debug' && !options.debug) return;
		const line = JSON.stringify({ at: new Date().toISOString(), level, event, ...fields });
		try {
			ensurePrivateDir(dirname(file));
			if (statSafe(file) > MAX_BYTES) renameSync(file, `${file}.1`);
			appendFileSync(file, `${line}\n`, { mode: 0o600 });
		} catch {
			// logging must never take the product down (full disk: the state writes report it)
		}
		if (options.echo) {
			const detail = Object.entries(fields).map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`).join(' ');
			(level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`taskping ${level}: ${event}${detail ? ` ${detail}` : ''}\n`);
		}
	};
}

function statSafe(file: string): number {
	try {
		return statSync(file).size;
	} catch {
		return 0;
	}
}
