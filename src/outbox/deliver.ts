import type { Config } from '../config/validate.js';
import type { Paths } from '../fs/paths.js';
import type { Logger } from '../fs/log.js';
import { acquireLock } from '../fs/lock.js';
import { loadSession, saveSession } from '../session/store.js';
import { redactToken } from '../session/token.js';
import type { OutgoingMail } from '../mail/compose.js';
import { composeJobMail } from '../mail/compose-job.js';
import { completeJob, failJob, giveUpJob, listJobs, type OutboxJob } from './outbox.js';
import type { SendMail } from '../mail/transport.js';

export interface DeliverDeps {
	paths: Paths;
	config: Config;
	send: SendMail;
	log: Logger;
	now?: () => Date;
	/** Try every pending job now (the server was just seen answering again). */
	ignoreBackoff?: boolean;
}

/** Turns a queued job into the mail to send; notifications are composed now, off the hook's path. */
function materialize(job: OutboxJob, deps: DeliverDeps): { mail: OutgoingMail; onSent: () => void } | null {
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

const subjectForLog = (mail: OutgoingMail) => mail.subject.replace(/#\w+/, (t) => `#${redactToken(t.slice(1))}`);

type Attempt = 'sent' | 'failed' | 'gave-up' | 'dropped';

/** nodemailer's codes for "no SMTP conversation at all": worth watching the port for its return. */
const UNREACHABLE = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS', 'ECONNREFUSED', 'ECONNRESET']);

const isUnreachable = (error: unknown): boolean => {
	const code = (error as { cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
	return code !== undefined && UNREACHABLE.has(code);
};

/** One try at one job; a failure past the maximum age gives the job up instead of rescheduling it. */
async function attemptJob(job: OutboxJob, deps: DeliverDeps, now: Date): Promise<Attempt> {
	const dir = deps.paths.outboxDir;
	const ready = materialize(job, deps);
	if (!ready) {
		completeJob(dir, job);
		deps.log('info', 'mail-dropped', { kind: job.kind, reason: 'session-expired' });
		return 'dropped';
	}
	try {
		await deps.send(ready.mail);
		ready.onSent();
		completeJob(dir, job);
		deps.log('info', 'mail-sent', { kind: job.kind, subject: subjectForLog(ready.mail), attempts: job.attempts + 1 });
		return 'sent';
	} catch (error) {
		const message = (error as Error).message;
		const maxAgeMs = (deps.config.outboxMaxAgeHours ?? 24) * 3_600_000;
		if (now.getTime() - Date.parse(job.createdAt) >= maxAgeMs) {
			giveUpJob(dir, job, message, now);
			deps.log('error', 'mail-given-up', { kind: job.kind, subject: subjectForLog(ready.mail), attempts: job.attempts + 1, error: message });
			return 'gave-up';
		}
		const next = failJob(dir, job, message, now, isUnreachable(error));
		deps.log('warn', 'mail-failed', { kind: job.kind, attempts: next.attempts, retryAt: next.nextAttemptAt, error: message });
		return 'failed';
	}
}

/**
 * Sends the queue under a lock so two senders (the hook's detached process
 * and the watcher) never send one job twice. Whenever any job is due, the
 * oldest job is tried first even if its backoff has not run out, and once a
 * send succeeds (the server is back) every job goes, in order: the queue
 * drains oldest first. Loops until nothing is due, so a job queued while it
 * ran is not left behind.
 */
export async function deliverOutbox(deps: DeliverDeps): Promise<{ sent: number; failed: number; gaveUp: number }> {
	const counts = { sent: 0, failed: 0, gaveUp: 0 };
	const lock = acquireLock(`${deps.paths.outboxDir}.lock`, { heartbeat: true });
	if (!('release' in lock)) return counts;
	const tried = new Set<string>();
	try {
		for (;;) {
			const now = deps.now?.() ?? new Date();
			const isDue = (job: OutboxJob) => Boolean(deps.ignoreBackoff) || Date.parse(job.nextAttemptAt) <= now.getTime();
			const pending = listJobs(deps.paths.outboxDir).filter((job) => !tried.has(job.id));
			if (!pending.some(isDue)) break;
			let serverUp = false;
			for (const [index, job] of pending.entries()) {
				if (index > 0 && !serverUp && !isDue(job)) continue;
				tried.add(job.id);
				const result = await attemptJob(job, deps, now);
				if (result === 'sent') {
					serverUp = true;
					counts.sent++;
				} else if (result === 'failed') counts.failed++;
				else if (result === 'gave-up') counts.gaveUp++;
			}
		}
	} finally {
		lock.release();
	}
	return counts;
}
