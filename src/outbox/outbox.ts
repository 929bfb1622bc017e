import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { writeFileAtomic } from '../fs/atomic.js';
import type { HookEvent } from '../claude/payload.js';
import type { OutgoingMail } from '../mail/outgoing.js';
import { readJsonFolder } from '../fs/json-folder.js';

/**
 * A durable queue of mail to send: one JSON file per job, written atomically.
 * A notification job holds the hook event (composed at send time, off the
 * hook's path); answers to replies hold the composed mail.
 */
export type OutboxJob = {
	id: string;
	createdAt: string;
	attempts: number;
	nextAttemptAt: string;
	lastError?: string;
	/** The last failure was the server not answering at all (not a refusal of this mail). */
	unreachable?: boolean;
	/** Set when the job was given up (moved to failed/). */
	gaveUpAt?: string;
} & ({ kind: 'notification'; token: string; event: HookEvent } | { kind: 'mail'; mail: OutgoingMail });

export type NewJob = { kind: 'notification'; token: string; event: HookEvent } | { kind: 'mail'; mail: OutgoingMail };

export function enqueueJob(dir: string, job: NewJob, now = new Date()): OutboxJob {
	// Time-ordered file names: the oldest job goes out first.
	const id = `${now.getTime().toString().padStart(15, '0')}-${randomBytes(4).toString('hex')}`;
	const full = { ...job, id, createdAt: now.toISOString(), attempts: 0, nextAttemptAt: now.toISOString() } as OutboxJob;
	writeFileAtomic(join(dir, `${id}.json`), JSON.stringify(full));
	return full;
}

/** Jobs given up after outboxMaxAgeHours live here, for `taskping status`, until pruned. */
export const failedDirOf = (dir: string): string => join(dir, 'failed');

export function listJobs(dir: string): OutboxJob[] {
	return readJsonFolder<OutboxJob>(dir);
}

export function completeJob(dir: string, job: OutboxJob): void {
	try {
		unlinkSync(join(dir, `${job.id}.json`));
	} catch {
		// already removed
	}
}

/** Exponential backoff: 5 s, 10 s, 20 s … capped at 10 minutes. */
export function failJob(dir: string, job: OutboxJob, error: string, now = new Date(), unreachable = false): OutboxJob {
	const attempts = job.attempts + 1;
	const delay = Math.min(5000 * 2 ** (attempts - 1), 10 * 60 * 1000);
	const next = { ...job, attempts, lastError: error, unreachable, nextAttemptAt: new Date(now.getTime() + delay).toISOString() };
	writeFileAtomic(join(dir, `${job.id}.json`), JSON.stringify(next));
	return next;
}

/** The earliest time a pending job is due again, or null when the queue is empty. */
export function nextDueAt(dir: string): Date | null {
	const times = listJobs(dir).map((job) => Date.parse(job.nextAttemptAt)).filter(Number.isFinite);
	return times.length ? new Date(Math.min(...times)) : null;
}

/** Moves a job that kept failing past its maximum age to failed/, where status reports it. */
export function giveUpJob(dir: string, job: OutboxJob, error: string, now = new Date()): OutboxJob {
	const given = { ...job, attempts: job.attempts + 1, lastError: error, gaveUpAt: now.toISOString() };
	const failedDir = failedDirOf(dir);
	writeFileAtomic(join(failedDir, `${job.id}.json`), JSON.stringify(given));
	completeJob(dir, job);
	return given;
}

/** Deletes given-up jobs older than `keepDays`, so failed/ stays bounded; returns how many. */
export function pruneFailedJobs(dir: string, now = new Date(), keepDays = 30): number {
	const failedDir = failedDirOf(dir);
	let removed = 0;
	for (const job of listJobs(failedDir)) {
		if (Date.parse(job.gaveUpAt ?? job.createdAt) >= now.getTime() - keepDays * 86_400_000) continue;
		completeJob(failedDir, job);
		removed++;
	}
	return removed;
}

