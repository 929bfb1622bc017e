import type { Config } from '../config/validate.js';
import { TaskPingError } from '../errors.js';
import { acquireLock } from '../fs/lock.js';
import type { Logger } from '../log.js';
import type { Paths } from '../paths.js';
import { runTmux } from '../inject/tmux.js';
import { deliverOutbox } from '../mail/deliver.js';
import { enqueueJob } from '../mail/outbox.js';
import { createSender } from '../mail/transport.js';
import { removeExpiredSessions } from '../session/store.js';
import { handleMessage } from './handle.js';
import { watchMailbox } from './imap.js';
import { readPosition, writePosition } from './state.js';

export interface WatcherOptions {
	paths: Paths;
	config: Config;
	log: Logger;
	signal: AbortSignal;
	onReady?: () => void;
}

const OUTBOX_INTERVAL_MS = 30_000;

/**
 * `taskping watch`: one watcher per state dir (a lock), IMAP IDLE on INBOX,
 * every answer and notification retried from the durable outbox.
 */
export async function runWatcher(options: WatcherOptions): Promise<void> {
	const { paths, config, log, signal } = options;
	const lock = acquireLock(paths.watcherLock);
	if (!('release' in lock)) {
		throw new TaskPingError('watcher-running', `Another watcher (pid ${lock.heldBy}) already watches with the state in ${paths.stateDir}. Stop it first, or use another TASKPING_HOME.`);
	}
	const sender = createSender(config);
	let flushing: Promise<unknown> = Promise.resolve();
	const flush = () => {
		flushing = flushing.then(() => deliverOutbox({ paths, config, send: sender.send, log })).catch((error: Error) => log('error', 'outbox-failed', { error: error.message }));
		return flushing;
	};
	const timer = setInterval(() => {
		removeExpiredSessions(paths.sessionsDir, new Date());
		void flush();
	}, OUTBOX_INTERVAL_MS);
	try {
		removeExpiredSessions(paths.sessionsDir, new Date());
		void flush();
		await watchMailbox({
			config,
			log,
			signal,
			onReady: options.onReady,
			readPosition: () => readPosition(paths),
			writePosition: (position) => writePosition(paths, position),
			handle: async (raw, uid) => {
				const handled = await handleMessage(raw, uid, {
					paths,
					config,
					log,
					inject: { tmux: runTmux, busyWaitMs: config.busyWaitMs },
					answer: (mail) => enqueueJob(paths.outboxDir, { kind: 'mail', mail }),
				});
				void flush();
				return handled.ours;
			},
		});
	} finally {
		clearInterval(timer);
		await flushing;
		sender.close();
		lock.release();
	}
}
