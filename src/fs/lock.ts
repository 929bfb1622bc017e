import { openSync, closeSync, readFileSync, statSync, unlinkSync, utimesSync, writeSync } from 'node:fs';
import { ensurePrivateDir } from './atomic.js';
import { dirname } from 'node:path';

const isAlive = (pid: number): boolean => {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
};

/**
 * A pid lock file created with O_EXCL. A lock whose owner died is taken over,
 * so a crash never leaves TaskPing locked out. Returns a release function, or
 * null with the holder's pid when another live process holds it.
 */
export function acquireLock(path: string): { release: () => void } | { heldBy: number } {
	ensurePrivateDir(dirname(path));
	for (let attempt = 0; attempt < 3; attempt++) {
		try {
			const fd = openSync(path, 'wx', 0o600);
			writeSync(fd, String(process.pid));
			closeSync(fd);
			return {
				release: () => {
					try {
						if (readFileSync(path, 'utf8') === String(process.pid)) unlinkSync(path);
					} catch {
						// already gone
					}
				},
			};
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			const holder = Number(readFileSafe(path));
			if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) return { heldBy: holder };
			try {
				unlinkSync(path); // stale: its owner is gone
			} catch {
				// someone else removed it first; try again
			}
		}
	}
	return { heldBy: Number(readFileSafe(path)) || -1 };
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
 * (touchLock), or null: no lock, a dead holder, unreadable.
 */
export function readLockHolder(path: string): { pid: number; touchedAtMs: number } | null {
	const pid = Number(readFileSafe(path).trim());
	if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return null;
	try {
		return { pid, touchedAtMs: statSync(path).mtimeMs };
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
