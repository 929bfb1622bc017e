import { openSync, closeSync, readFileSync, statSync, unlinkSync, utimesSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { ensurePrivateDir } from './atomic.js';
import { isSameProcess, ownStartTime } from './process-identity.js';

/** How often a holder that asked for a heartbeat touches its lock (readLockHolder's touchedAtMs). */
export const LOCK_BEAT_MS = 60_000;

/**
 * The holder written into a lock file: "<pid> <start time>". The start time
 * makes the lock survive PID reuse (process-identity.ts); a bare "<pid>"
 * (older TaskPing) is still read.
 */
interface Holder {
	pid: number;
	startTime: string | null;
}

function parseHolder(text: string): Holder | null {
	const [pid, ...start] = text.trim().split(' ');
	const number = Number(pid);
	if (!Number.isInteger(number) || number <= 0) return null;
	return { pid: number, startTime: start.length > 0 ? start.join(' ') : null };
}

const ownHolder = (): string => [process.pid, ownStartTime()].filter((part) => part !== null).join(' ');

/** The process named in the lock at `path` when it is still that process; null: no lock, unreadable, or stale. */
function liveHolder(path: string): Holder | null {
	const holder = parseHolder(readFileSafe(path));
	return holder && isSameProcess(holder.pid, holder.startTime) ? holder : null;
}

/**
 * A pid lock file created with O_EXCL. A lock whose owner died (or whose PID
 * now names another process) is taken over, so a crash never leaves TaskPing
 * locked out. Returns a release function, or the holder's pid when another
 * live process holds it. With `heartbeat`, the lock is touched every
 * LOCK_BEAT_MS until released, so a hung holder can be told from a live one.
 */
export function acquireLock(path: string, options: { heartbeat?: boolean } = {}): { release: () => void } | { heldBy: number } {
	ensurePrivateDir(dirname(path));
	const me = ownHolder();
	for (let attempt = 0; attempt < 3; attempt++) {
		try {
			const fd = openSync(path, 'wx', 0o600);
			writeSync(fd, me);
			closeSync(fd);
			const beat = options.heartbeat ? setInterval(() => touchLock(path), LOCK_BEAT_MS) : null;
			beat?.unref();
			return {
				release: () => {
					if (beat) clearInterval(beat);
					try {
						if (readFileSync(path, 'utf8') === me) unlinkSync(path);
					} catch {
						// already gone
					}
				},
			};
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			const holder = liveHolder(path);
			if (holder) return { heldBy: holder.pid };
			try {
				unlinkSync(path); // stale: its owner is gone
			} catch {
				// someone else removed it first; try again
			}
		}
	}
	return { heldBy: parseHolder(readFileSafe(path))?.pid ?? -1 };
}

function readFileSafe(path: string): string {
	try {
		return readFileSync(path, 'utf8');
	} catch {
		return '';
	}
}

/**
 * The live process holding the lock at `path` and when it last touched it
 * (touchLock), or null: no lock, a dead holder, a PID now used by another
 * process, unreadable.
 */
export function readLockHolder(path: string): { pid: number; touchedAtMs: number } | null {
	const holder = liveHolder(path);
	if (!holder) return null;
	try {
		return { pid: holder.pid, touchedAtMs: statSync(path).mtimeMs };
	} catch {
		return null; // released meanwhile
	}
}

/** The holder's heartbeat: marks the lock as touched now (readLockHolder's touchedAtMs). */
export function touchLock(path: string): void {
	try {
		const now = new Date();
		utimesSync(path, now, now);
	} catch {
		// gone (released, or removed by hand): the next start makes a new one
	}
}
