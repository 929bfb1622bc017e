import { watch, type FSWatcher } from 'node:fs';
import { ensurePrivateDir } from '../fs/atomic.js';
import type { Logger } from '../fs/log.js';
import { listJobs, nextDueAt } from '../outbox/outbox.js';

const MIN_WAIT_MS = 1000;
const MAX_WAIT_MS = 30_000;
const PROBE_EVERY_MS = 5000;
const SETTLE_MS = 10;

const hasDueJob = (dir: string): boolean => (nextDueAt(dir)?.getTime() ?? Infinity) <= Date.now();

export interface PumpOptions {
	dir: string;
	deliver: (options: { ignoreBackoff: boolean }) => Promise<unknown>;
	/** A cheap look whether the SMTP server answers again (a TCP connect). */
	probe?: () => Promise<boolean>;
	log: Logger;
}

/**
 * Drives the outbox from the watcher: one delivery run at a time, the next
 * one timed for when the earliest job is due (at most 30 s away). While mail
 * waits because the server did not answer at all, the port is looked at
 * every 5 s and the queue goes the moment it answers, not when the backoff
 * of the oldest job runs out. The dir is watched too: while a watcher runs,
 * the hook leaves its notification here for the watcher to send (warm, in
 * milliseconds, instead of a fresh process loading nodemailer), and a hook's
 * own sender may have just failed and rescheduled a job.
 */
export function startOutboxPump(options: PumpOptions): { kick: () => Promise<void>; stop: () => Promise<void> } {
	let timer: NodeJS.Timeout | undefined;
	let stopped = false;
	let running: Promise<void> = Promise.resolve();
	// A port that answers while sending still fails (TLS broken, say) must not mean a retry every 5 s:
	// after one probe-led run, wait for the backoff again.
	let probeArmed = true;

	const plan = (): { wait: number; probe: boolean } => {
		const jobs = listJobs(options.dir);
		if (jobs.length === 0) return { wait: MAX_WAIT_MS, probe: false };
		const due = Math.min(...jobs.map((job) => Date.parse(job.nextAttemptAt)));
		const untilDue = Math.max(due - Date.now(), MIN_WAIT_MS);
		const probe = probeArmed && Boolean(options.probe) && untilDue > PROBE_EVERY_MS && jobs.some((job) => job.unreachable);
		return { wait: Math.min(untilDue, probe ? PROBE_EVERY_MS : MAX_WAIT_MS), probe };
	};

	const schedule = () => {
		clearTimeout(timer);
		if (stopped) return;
		const { wait, probe } = plan();
		timer = setTimeout(() => {
			if (!probe) return void run(false);
			void options.probe!().then((answers) => (answers ? run(true) : schedule()), schedule);
		}, wait);
	};

	const run = (ignoreBackoff: boolean) => {
		probeArmed = !ignoreBackoff;
		running = running
			.then(() => (stopped ? undefined : options.deliver({ ignoreBackoff })))
			.then(() => undefined, (error: Error) => options.log('error', 'outbox-failed', { error: error.message }))
			.finally(schedule);
		return running;
	};

	let watcher: FSWatcher | null = null;
	let settle: NodeJS.Timeout | undefined;
	try {
		ensurePrivateDir(options.dir);
		watcher = watch(options.dir, () => {
			// Coalesce the write + rename of one job (and a burst of jobs) into one look.
			clearTimeout(settle);
			settle = setTimeout(() => (hasDueJob(options.dir) ? void run(false) : schedule()), SETTLE_MS);
		});
		watcher.on('error', () => watcher?.close());
	} catch {
		// no file events here: the 30 s tick still comes
	}

	return {
		kick: () => run(false),
		stop: async () => {
			stopped = true;
			watcher?.close();
			clearTimeout(settle);
			clearTimeout(timer);
			await running;
		},
	};
}
