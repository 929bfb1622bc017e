import { LOCK_BEAT_MS, readLockHolder } from '../fs/lock.js';
import type { Paths } from '../fs/paths.js';

/** How often a running watcher touches its state lock (the heartbeat of acquireLock in watcher.ts). */
export const WATCHER_BEAT_MS = LOCK_BEAT_MS;
/** Three missed beats: the process is alive but hung. */
export const WATCHER_BEAT_MAX_AGE_MS = 3 * WATCHER_BEAT_MS;

/**
 * The watcher holding this state folder's lock, or null when none runs.
 * `responding` is false when it stopped beating: then hooks send their own
 * mail (hook/run.ts) and `taskping status` says so. Read by the hook, so it
 * stays a file read, a signal 0 and a stat.
 */
export function readWatcher(paths: Paths, now = Date.now()): { pid: number; responding: boolean } | null {
	const holder = readLockHolder(paths.watcherLock);
	return holder && { pid: holder.pid, responding: now - holder.touchedAtMs <= WATCHER_BEAT_MAX_AGE_MS };
}
