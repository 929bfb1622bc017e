import type { Argv } from 'yargs';
import { loadConfig } from '../config/load.js';
import { createLogger } from '../fs/log.js';
import { resolvePaths } from '../fs/paths.js';

export function registerWatch(cli: Argv): Argv {
	return cli.command(
		'watch',
		'Watch the service mailbox (IMAP IDLE) and type verified replies into their Claude Code panes. Runs in the foreground; Ctrl-C stops it.',
		(y) =>
			y
				.option('detach', { type: 'boolean', describe: 'start it in the background (its own session, output in the state folder) and return; nothing happens when one already runs' })
				.example('$0 watch', 'start watching with the stored config')
				.example('$0 watch --detach', 'start it in the background, as the plugin does at session start')
				.example('TASKPING_DEBUG=1 $0 watch', 'with debug logging'),
		(argv) => (argv.detach ? detachWatch() : runWatch()),
	);
}

/** `taskping watch --detach`: checks the config here (a detached start cannot say what is wrong), then starts the watcher in the background. */
async function detachWatch(): Promise<void> {
	const paths = resolvePaths();
	loadConfig(process.env, paths);
	const { readWatcher } = await import('../state/liveness.js');
	const running = readWatcher(paths);
	if (running) {
		console.log(`taskping: a watcher already runs (pid ${running.pid}${running.responding ? '' : ', but it stopped responding: taskping status'}); nothing started.`);
		return;
	}
	const { detachedLogFile, spawnWatcher } = await import('../hook/session-start.js');
	const { cliEntry } = await import('../fs/layout.js');
	const pid = spawnWatcher(paths, process.env, cliEntry());
	console.log(`taskping: watcher started in the background (pid ${pid}); its output: ${detachedLogFile(paths)}, its log: ${paths.logFile}. taskping status shows it.`);
}

/** `taskping watch`: runs the watcher in the foreground until SIGINT/SIGTERM. */
export async function runWatch(): Promise<void> {
	const paths = resolvePaths();
	const config = loadConfig(process.env, paths);
	const log = createLogger(paths.logFile, { echo: true, debug: process.env.TASKPING_DEBUG === '1' });
	const controller = new AbortController();
	const stop = () => controller.abort();
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
	if (!config.authservId && config.unauthenticatedSenders.length === 0) {
		// Without a trusted receiving server every reply is refused as unauthenticated: say so now, not per mail.
		console.error('taskping: warning: TASKPING_AUTHSERV_ID is not set, so every reply will be refused as unauthenticated. Fix: taskping inspect <a reply.eml> shows the value to trust, then taskping config set TASKPING_AUTHSERV_ID <it>.');
	}
	console.log(`taskping: connecting to ${config.imap.user} at ${config.imap.host}:${config.imap.port} … (log: ${paths.logFile})`);
	// Loaded here, not at start-up: imapflow, nodemailer and mailparser cost about a second to import.
	const { runWatcher } = await import('../watch/watcher.js');
	await runWatcher({ paths, config, log, signal: controller.signal, onReady: () => console.log('taskping: ready; waiting for replies (Ctrl-C to stop)') });
	console.log('taskping: stopped');
}
