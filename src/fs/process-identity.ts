import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/*
 * Who a PID is. PIDs are reused: after a reboot or a long uptime the PID in a
 * stale lock may belong to an unrelated process (a shell, a browser). The
 * process's start time tells them apart: a PID and its start time together
 * name one process for as long as the machine runs.
 */

/** Whether a process with this PID exists (EPERM: it does, owned by another user). */
export const isAlive = (pid: number): boolean => {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
};

/**
 * The start time of `pid` as an opaque string, or null when it cannot be
 * read (no such process, or a system with neither /proc nor ps). Linux:
 * field 22 of /proc/<pid>/stat (clock ticks after boot; a file read, cheap
 * enough for the hook). Elsewhere (macOS): `ps -o lstart=`.
 */
export function readStartTime(pid: number): string | null {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// Field 2 (the command name) is in parentheses and may hold spaces or ")": count from the last ")".
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return fields[22 - 3] ?? null;
	} catch {
		if (process.platform === 'linux') return null; // /proc is there: the process is not
	}
	const ps = spawnSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', timeout: 2000 });
	const started = ps.status === 0 ? ps.stdout.trim() : '';
	return started === '' ? null : started;
}

let own: string | null | undefined;
/** This process's start time, read once. */
export const ownStartTime = (): string | null => (own === undefined ? (own = readStartTime(process.pid)) : own);

/**
 * True when `pid` is alive and, if `startTime` is known, is still the process
 * that started then. Without a recorded start time (a lock written by an
 * older TaskPing) or when it cannot be read now, a live PID is trusted as before.
 */
export function isSameProcess(pid: number, startTime: string | null): boolean {
	if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return false;
	if (startTime === null) return true;
	const now = readStartTime(pid);
	return now === null || now === startTime;
}
