/**
 * Entry of the detached sender the hook starts: send what the outbox holds,
 * then exit. Failures stay queued for the watcher (or the next hook) to retry.
 */
import { loadConfig } from '../config/load.js';
import { createLogger } from '../fs/log.js';
import { resolvePaths } from '../fs/paths.js';
import { deliverOutbox } from './deliver.js';
import { createSender } from '../mail/transport.js';

const paths = resolvePaths();
const log = createLogger(paths.logFile, { debug: process.env.TASKPING_DEBUG === '1' });
try {
	const config = loadConfig(process.env, paths);
	const sender = createSender(config);
	try {
		await deliverOutbox({ paths, config, send: sender.send, log });
	} finally {
		sender.close();
	}
} catch (error) {
	log('error', 'sender-failed', { error: (error as Error).message });
}
