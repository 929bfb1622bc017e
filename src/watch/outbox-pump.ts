import type { Logger } from '../log.js';
import { nextDueAt } from '../mail/outbox.js';

const MIN_WAIT_MS = 1000;
const MAX_WAIT_MS = 30_000;

/**
 * Drives the outbox from the watcher: one delivery run at a time, and the
 * next one timed for when the earliest job is due (at most 30 s away), so a
 * mail waiting out an SMTP outage goes as soon as its backoff allows rather
 * than at the next fixed tick.
 */
export function startOutboxPump(options: { dir: string; deliver: () => Promise<unknown>; log: Logger }): { kick: () => Promise<void>; stop: () => Promise<void> } {
	let timer: NodeJS.Timeout | undefined;
	let stopped = false;
	let running: Promise<void> = Promise.resolve();
	const schedule = () => {
		clearTimeout(timer);
		if (stopped) return;
		const due = nextDueAt(options.dir);
		const wait = due ? Math.min(Math.max(due.getTime() - Date.now(), MIN_WAIT_MS), MAX_WAIT_MS) : MAX_WAIT_MS;
		timer = setTimeout(() => void kick(), wait);
	};
	const kick = () => {
		running = running
			.then(() => (stopped ? undefined : options.deliver()))
			.then(() => undefined, (error: Error) => options.log('error', 'outbox-failed', { error: error.message }))
			.finally(schedule);
		return running;
	};
	return {
		kick,
		stop: async () => {
			stopped = true;
			clearTimeout(timer);
			await running;
		},
	};
}
