import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../config/validate.js';
import { TaskPingError } from '../errors.js';
import { acquireLock } from '../fs/lock.js';
import type { Logger } from '../fs/log.js';
import type { Paths } from '../fs/paths.js';
import { runTmux } from '../inject/tmux.js';
import type { OutgoingMail } from '../mail/compose.js';
import { deliverOutbox } from '../outbox/deliver.js';
import { enqueueJob, pruneFailedJobs } from '../outbox/outbox.js';
import { createSender } from '../mail/transport.js';
import { isExpired, listSessions, removeExpiredSessions } from '../session/store.js';
import { canConnect } from '../net/reach.js';
import { claimKeyword, type Claim } from './claim.js';
import type { IncomingMail } from './handle.js';
import { createIdleCollector } from './idle-gc.js';
import { sendDueDigests } from './digest.js';
import { createReplyQueue } from './queue-worker.js';
import { watchMailbox } from './imap.js';
import { startOutboxPump } from './outbox-pump.js';
import { routeMail } from './route.js';
import { readInstanceId, readPosition, trimOutcomes, writePosition } from '../state/processed.js';
import { createStatusWriter } from '../state/status-file.js';
import { triageQuery } from './triage.js';

export interface WatcherOptions {
	paths: Paths;
	config: Config;
	log: Logger;
	signal: AbortSignal;
	onReady?: () => void;
	env?: NodeJS.ProcessEnv;
}

const SWEEP_INTERVAL_MS = 60_000;
/** How often closed digest windows are looked for (a digest is due when its rate window closes). */
const DIGEST_CHECK_MS = 5000;
/**
 * Expired session records are kept this long before they are deleted: a
 * reply that arrived in time but is read after an outage is judged by its
 * arrival (arrival.ts) and still needs its session; a late one gets
 * "expired", not "unknown token".
 */
const KEEP_EXPIRED_SESSIONS_MS = 7 * 86_400_000;

/**
 * One watcher per service mailbox per machine, whatever TASKPING_HOME says:
 * this lock lives in the user's home, named by the mailbox. (Tests give each
 * simulated machine its own HOME.)
 */
export function mailboxLockPath(config: Pick<Config, 'imap'>, env: NodeJS.ProcessEnv = process.env): string {
	const { user, host, port } = config.imap;
	const id = createHash('sha256').update(`${user.toLowerCase()}@${host.toLowerCase()}:${port}`).digest('hex').slice(0, 16);
	return join(env.HOME ?? homedir(), '.cache', 'taskping', `mailbox-${id}.lock`);
}

/** Commands that exist: a clean stop (SIGTERM) is not restarted by the service; uninstall also keeps it from starting at login. */
const stopWatcher = (pid: number) => `Stop it first (kill ${pid}; when it is the background service, taskping service uninstall also keeps it from starting at login)`;

function acquireWatcherLocks(paths: Paths, config: Config, env: NodeJS.ProcessEnv): () => void {
	// Both locks beat (LOCK_BEAT_MS): hooks and `status` read the state lock's age (liveness.ts) to tell a hung watcher.
	const state = acquireLock(paths.watcherLock, { heartbeat: true });
	if (!('release' in state)) {
		throw new TaskPingError('watcher-running', `Another watcher (pid ${state.heldBy}) already watches with the state in ${paths.stateDir}. ${stopWatcher(state.heldBy)}, or use another TASKPING_HOME.`);
	}
	const mailbox = acquireLock(mailboxLockPath(config, env), { heartbeat: true });
	if (!('release' in mailbox)) {
		state.release();
		throw new TaskPingError('mailbox-watched', `Another watcher (pid ${mailbox.heldBy}) on this machine already watches ${config.imap.user} at ${config.imap.host}; one per mailbox is enough. ${stopWatcher(mailbox.heldBy)}.`);
	}
	return () => {
		mailbox.release();
		state.release();
	};
}

/** Keeps the state dir bounded: expired sessions, old given-up mail, a long outcomes file. */
function sweepState(paths: Paths, log: Logger): void {
	const now = new Date();
	try {
		const sessions = removeExpiredSessions(paths.sessionsDir, new Date(now.getTime() - KEEP_EXPIRED_SESSIONS_MS));
		const failed = pruneFailedJobs(paths.outboxDir, now);
		const trimmed = trimOutcomes(paths);
		if (sessions || failed || trimmed) log('info', 'state-swept', { sessions, failed, outcomesTrimmed: trimmed });
	} catch (error) {
		log('warn', 'sweep-failed', { error: (error as Error).message });
	}
}

/**
 * `taskping watch`: IMAP IDLE on INBOX; replies carrying this machine's
 * tokens are claimed on the server, then typed once; every answer and
 * notification goes through the durable outbox.
 */
export async function runWatcher(options: WatcherOptions): Promise<void> {
	const { paths, config, log, signal } = options;
	const release = acquireWatcherLocks(paths, config, options.env ?? process.env);
	const instanceId = readInstanceId(paths);
	const status = createStatusWriter(paths, {
		pid: process.pid, startedAt: new Date().toISOString(), instanceId, mailbox: `${config.imap.user} at ${config.imap.host}:${config.imap.port}`, shared: config.sharedMailbox,
	});
	const sender = createSender(config);
	const pump = startOutboxPump({
		dir: paths.outboxDir,
		deliver: ({ ignoreBackoff }) => deliverOutbox({ paths, config, send: sender.send, log, ignoreBackoff }),
		probe: () => canConnect(config.smtp.host, config.smtp.port),
		log,
	});
	const answer = (mail: OutgoingMail) => void enqueueJob(paths.outboxDir, { kind: 'mail', mail });
	const sweep = setInterval(() => sweepState(paths, log), SWEEP_INTERVAL_MS);
	const queue = createReplyQueue({ paths, config, log, answer, inject: { tmux: runTmux } });
	const sendDigests = () => {
		try {
			const sent = sendDueDigests(paths, config, answer, new Date());
			if (sent) log('info', 'digest-sent', { digests: sent });
		} catch (error) {
			log('warn', 'digest-failed', { error: (error as Error).message });
		}
	};
	const digests = setInterval(sendDigests, DIGEST_CHECK_MS);
	const idle = createIdleCollector();

	const route = { paths, config, log, inject: { tmux: runTmux, busyWaitMs: config.busyWaitMs }, answer, queue };
	const handle = async (incoming: IncomingMail, claim: () => Promise<Claim>): Promise<boolean> => {
		status.mail();
		idle.touch();
		const { ours, acted } = await routeMail(incoming, claim, route);
		if (acted) void pump.kick();
		return ours;
	};

	try {
		sweepState(paths, log);
		// Replies a crash interrupted are settled before anything new is typed; then the queue runs.
		queue.recover();
		queue.start();
		sendDigests();
		void pump.kick();
		await watchMailbox({
			config,
			log,
			signal,
			onReady: () => {
				idle.touch();
				options.onReady?.();
			},
			onStatus: status.imap,
			claimKeyword: claimKeyword(instanceId),
			readPosition: () => readPosition(paths),
			writePosition: (position) => writePosition(paths, position),
			handle,
			triageQuery: () => triageQuery(config.allowedSenders, listSessions(paths.sessionsDir).filter((session) => !isExpired(session, new Date())).map((session) => session.token)),
		});
	} finally {
		clearInterval(sweep);
		clearInterval(digests);
		await queue.stop();
		idle.stop();
		await pump.stop();
		sender.close();
		status.imap({ state: 'stopped', nextRetryAt: null });
		release();
	}
}
