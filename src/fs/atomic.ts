import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync, chmodSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { TaskPingError } from '../errors.js';

/** Private dirs: 0700, created on demand (conf sets file modes but not the dir's). */
export function ensurePrivateDir(dir: string): void {
	mkdirSync(dir, { recursive: true, mode: 0o700 });
	chmodSync(dir, 0o700);
}

let durable = true;
/**
 * The hook turns fsync off for its own short life (see hook/run.ts): rename
 * still keeps every file whole; only the newest write may be lost to a power cut.
 */
export function setDurableWrites(on: boolean): void {
	durable = on;
}

/**
 * Write-then-rename with fsync, mode 0600: a crash or a full disk leaves the
 * old file intact, never a half-written one.
 */
export function writeFileAtomic(path: string, data: string): void {
	ensurePrivateDir(dirname(path));
	replaceFile(path, data, 0o600);
}

/**
 * The write-then-rename itself, into an existing dir. The temp name is this
 * writer's own (pid + random): two writers of one file never share a temp
 * file, so neither can rename the other's half-written one into place.
 */
export function replaceFile(path: string, data: string, mode: number): void {
	const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
	try {
		const fd = openSync(tmp, 'w', mode);
		try {
			writeSync(fd, data);
			if (durable) fsyncSync(fd);
		} finally {
			closeSync(fd);
		}
		renameSync(tmp, path);
	} catch (error) {
		throw stateWriteError(path, error);
	}
}

/** The one error for a state file that could not be written, with the fix (free space, or permissions). */
export function stateWriteError(path: string, error: unknown): TaskPingError {
	const code = (error as NodeJS.ErrnoException).code;
	const fix = code === 'ENOSPC' ? 'the disk is full: free some space' : 'check the permissions of that directory';
	return new TaskPingError('state-write-failed', `Could not write ${path} (${code ?? 'error'}).`, { cause: error, fix });
}

/** JSON file or `fallback` when it does not exist; a corrupt file is an error naming the file. */
export function readJsonFile<T>(path: string, fallback: T): T {
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
		throw error;
	}
	try {
		return JSON.parse(text) as T;
	} catch (error) {
		throw new TaskPingError('state-corrupt', `${path} is not valid JSON.`, { cause: error, fix: 'move it aside and TaskPing will start it afresh' });
	}
}
