/**
 * The processes of a test mail server run: each daemon under a small sh
 * supervisor in a session of its own, found again by session id, ended with
 * its Node process even on SIGKILL, and swept up when an owner died.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Supervisor: `supervise.sh PIDFILE CMD ARGS...` runs CMD in a session of its
// own (so every process the daemon starts can be found by its session id, even
// after the daemon's master died), writes the daemon's pid to PIDFILE, and ends
// the daemon (SIGTERM) when stdin reaches EOF — the Node process that started
// it closed the pipe or died, even by SIGKILL — or on SIGTERM/SIGINT/SIGHUP.
export const SUPERVISOR = `#!/bin/sh
pidfile=$1
shift
exec 3<&0 </dev/null
setsid /bin/sh -c 'echo $$ > "$0" && exec "$@"' "$pidfile" "$@" 3<&- &
child=$!
trap 'kill -TERM "$child" 2>/dev/null' TERM INT HUP
( while read -r _ <&3; do :; done; kill -TERM "$child" 2>/dev/null ) &
watcher=$!
exec 3<&-
status=0
while kill -0 "$child" 2>/dev/null; do
	wait "$child"
	status=$?
done
kill "$watcher" 2>/dev/null
exit "$status"
`;

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function sleepSync(ms: number): void {
	Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function lookupId(file: '/etc/passwd' | '/etc/group', name: string): { id: number; gid: number } {
	for (const line of readFileSync(file, 'utf8').split('\n')) {
		const fields = line.split(':');
		if (fields[0] === name && fields[2] !== undefined) {
			return { id: Number(fields[2]), gid: Number(fields[3] ?? fields[2]) };
		}
	}
	throw new Error(`mail-server: no ${file === '/etc/passwd' ? 'user' : 'group'} "${name}" on this machine; run scripts/install-system-deps.sh`);
}

export function tail(file: string, lines: number): string {
	try {
		const text = readFileSync(file, 'utf8').trimEnd();
		return text.split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}

// A run's processes: the supervisors, their watcher subshells, and every process in the daemons' sessions.

interface ProcInfo { pid: number; ppid: number; sid: number }

function liveProcesses(): ProcInfo[] {
	const result: ProcInfo[] = [];
	let entries: string[];
	try {
		entries = readdirSync('/proc');
	} catch {
		return result;
	}
	for (const entry of entries) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			// pid (comm) state ppid pgrp session ...
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			const state = fields[0];
			if (state === 'Z' || state === 'X') continue;
			result.push({ pid: Number(entry), ppid: Number(fields[1]), sid: Number(fields[3]) });
		} catch {
			// gone meanwhile
		}
	}
	return result;
}

/** "pid starttime" of a process, which names it uniquely across pid reuse; null when it is gone. */
export function processIdentity(pid: number): string | null {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return `${pid} ${fields[19]}`;
	} catch {
		return null;
	}
}

export const OWNER_FILE = 'owner';
export const DIR_PREFIX = 'taskping-mail-';

/**
 * Removes the temp dirs (and kills the daemons) of servers whose Node process
 * died without cleaning up (SIGKILL): a dir is garbage only when its owner
 * file names a process that no longer exists.
 */
export function sweepOrphans(): void {
	let names: string[];
	try {
		names = readdirSync(tmpdir()).filter((n) => n.startsWith(DIR_PREFIX));
	} catch {
		return;
	}
	for (const name of names) {
		const dir = join(tmpdir(), name);
		try {
			const owner = readFileSync(join(dir, OWNER_FILE), 'utf8').trim();
			if (processIdentity(Number(owner.split(' ')[0])) === owner) continue; // owner alive
			const sessions = new Set<number>();
			for (const file of readdirSync(dir).filter((f) => f.endsWith('.session.pid'))) {
				const pid = Number(readFileSync(join(dir, file), 'utf8').trim());
				if (pid > 1) sessions.add(pid);
			}
			killAll(processesOf(new Set(), sessions), 'SIGKILL');
			rmSync(dir, { recursive: true, force: true });
		} catch {
			// no owner file (not ours, or still being created) or already gone
		}
	}
}

function processesOf(supervisors: Set<number>, sessions: Set<number>): number[] {
	if (supervisors.size === 0 && sessions.size === 0) return [];
	return liveProcesses()
		.filter((p) => p.pid !== process.pid && (supervisors.has(p.pid) || supervisors.has(p.ppid) || sessions.has(p.sid)))
		.map((p) => p.pid);
}

export function killAll(pids: number[], signal: NodeJS.Signals): void {
	for (const pid of pids) {
		try {
			process.kill(pid, signal);
		} catch {
			// already gone
		}
	}
}

// ---------------------------------------------------------------------------
// one supervised daemon

export class Daemon {
	private child: ChildProcess | null = null;
	private exited: Promise<void> = Promise.resolve();
	/** Every supervisor pid and daemon session this Daemon ever started (across restarts). */
	readonly supervisors = new Set<number>();
	readonly sessions = new Set<number>();

	constructor(
		readonly name: string,
		private readonly supervisor: string,
		private readonly pidFile: string,
		private readonly command: string[],
		private readonly stderrFile: string,
	) {}

	get running(): boolean {
		return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
	}

	processes(): number[] {
		this.readPidFile();
		return processesOf(this.supervisors, this.sessions);
	}

	private readPidFile(): void {
		try {
			const pid = Number(readFileSync(this.pidFile, 'utf8').trim());
			if (pid > 1) this.sessions.add(pid);
		} catch {
			// not written yet
		}
	}

	start(): void {
		if (this.running) throw new Error(`mail-server: ${this.name} is already running`);
		rmSync(this.pidFile, { force: true });
		const errFd = openSync(this.stderrFile, 'a');
		try {
			const child = spawn('/bin/sh', [this.supervisor, this.pidFile, ...this.command], {
				stdio: ['pipe', errFd, errFd],
				env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C', TZ: process.env.TZ ?? 'UTC' },
			});
			this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
			child.once('error', () => undefined);
			child.unref();
			(child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
			if (child.pid) this.supervisors.add(child.pid);
			this.child = child;
		} finally {
			closeSync(errFd);
		}
	}

	/** SIGTERM the daemon and all its processes, wait for them; SIGKILL what is left after the grace time. */
	async stop(graceMs = 5000): Promise<void> {
		const child = this.child;
		if (child && this.running) child.stdin?.end();
		// Signal the daemon's children too: Dovecot's master otherwise waits ~1 s for them.
		killAll(this.processes(), 'SIGTERM');
		const deadline = Date.now() + graceMs;
		let timer: NodeJS.Timeout | undefined;
		await Promise.race([this.exited, new Promise<void>((resolve) => { timer = setTimeout(resolve, graceMs); })]);
		clearTimeout(timer);
		while (this.processes().length > 0 && Date.now() < deadline) await sleep(20);
		const left = this.processes();
		if (left.length > 0) {
			killAll(left, 'SIGKILL');
			const killDeadline = Date.now() + 2000;
			while (this.processes().length > 0 && Date.now() < killDeadline) await sleep(20);
		}
		this.child = null;
	}

	/** Synchronous best effort for process exit: signal everything of this daemon. */
	killSync(signal: NodeJS.Signals): void {
		killAll(this.processes(), signal);
	}
}

