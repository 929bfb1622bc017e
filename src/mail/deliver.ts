import type { Config } from '../config/validate.js';
import type { Paths } from '../paths.js';
import type { Logger } from '../log.js';
import { acquireLock } from '../fs/lock.js';
import { loadSession, saveSession } from '../session/store.js';
import { redactToken } from '../session/token.js';
import type { OutgoingMail } from './compose.js';
import { composeJobMail } from './compose-job.js';
import { completeJob, failJob, listJobs, type OutboxJob } from './outbox.js';
import type { SendMail } from './transport.js';

export interface DeliverDeps {
	paths: Paths;
	config: Config;
	send: SendMail;
	log: Logger;
	now?: () => Date;
}

/** Turns a queued job into the mail to send; notifications are composed now, off the hook's path. */
function materialize(job: OutboxJob, deps: DeliverDeps, now: Date): { mail: OutgoingMail; onSent: () => void } | null {
	if (job.kind === 'mail') return { mail: job.mail, onSent: () => {} };
	const record = loadSession(deps.paths.sessionsDir, job.token);
	if (!record) return null; // expired and cleaned up before it could be sent
	const mail = composeJobMail(record, job.event, job.createdAt, deps.config);
	return {
		mail,
		onSent: () => {
			// Re-read: the hook may have refreshed the record meanwhile.
			const latest = loadSession(deps.paths.sessionsDir, job.token) ?? record;
			const recipients = [...new Set([...latest.recipients, ...mail.to])];
			saveSession(deps.paths.sessionsDir, { ...latest, recipients, messageIds: [...latest.messageIds, mail.messageId].slice(-20) });
		},
	};
}

/**
 * Sends every due job, oldest first, under a lock so two senders (the hook's
 * detached process and the watcher) never send one job twice. Loops until the
 * queue holds nothing due, so a job queued while it ran is not left behind.
 */
export async function deliverOutbox(deps: DeliverDeps): Promise<{ sent: number; failed: number }> {
	const lock = acquireLock(`${deps.paths.outboxDir}.lock`);
	if (!('release' in lock)) return { sent: 0, failed: 0 };
	let sent = 0;
	let failed = 0;
	const tried = new Set<string>();
	try {
		for (;;) {
			const now = deps.now?.() ?? new Date();
			const due = listJobs(deps.paths.outboxDir).filter((job) => !tried.has(job.id) && Date.parse(job.nextAttemptAt) <= now.getTime());
			if (due.length === 0) break;
			for (const job of due) {
				tried.add(job.id);
				const ready = materialize(job, deps, now);
				if (!ready) {
					completeJob(deps.paths.outboxDir, job);
					continue;
				}
				try {
					await deps.send(ready.mail);
					ready.onSent();
					completeJob(deps.paths.outboxDir, job);
					sent++;
					deps.log('info', 'mail-sent', { kind: job.kind, subject: ready.mail.subject.replace(/#\w+/, (t) => `#${redactToken(t.slice(1))}`) });
				} catch (error) {
					failed++;
					const next = failJob(deps.paths.outboxDir, job, (error as Error).message, now);
					deps.log('warn', 'mail-failed', { kind: job.kind, attempts: next.attempts, retryAt: next.nextAttemptAt, error: (error as Error).message });
				}
			}
		}
	} finally {
		lock.release();
	}
	return { sent, failed };
}
