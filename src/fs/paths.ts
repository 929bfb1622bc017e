import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where TaskPing keeps everything. Nothing ever lives inside the repo. */
export interface Paths {
	configDir: string;
	configFile: string;
	stateDir: string;
	sessionsDir: string;
	outboxDir: string;
	logFile: string;
	outcomesFile: string;
	processedFile: string;
	imapStateFile: string;
	watcherLock: string;
}

/**
 * TASKPING_HOME puts config and state under one dir (tests and several
 * instances rely on it); otherwise the XDG config and state dirs.
 */
export function resolvePaths(env: NodeJS.ProcessEnv = process.env): Paths {
	const home = env.TASKPING_HOME;
	const userHome = env.HOME ?? homedir();
	const configDir = home ?? join(env.XDG_CONFIG_HOME ?? join(userHome, '.config'), 'taskping');
	const stateDir = home ? join(home, 'state') : join(env.XDG_STATE_HOME ?? join(userHome, '.local', 'state'), 'taskping');
	return {
		configDir,
		configFile: join(configDir, 'config.json'),
		stateDir,
		sessionsDir: join(stateDir, 'sessions'),
		outboxDir: join(stateDir, 'outbox'),
		logFile: join(stateDir, 'taskping.log'),
		outcomesFile: join(stateDir, 'outcomes.jsonl'),
		processedFile: join(stateDir, 'processed.json'),
		imapStateFile: join(stateDir, 'imap.json'),
		watcherLock: join(stateDir, 'watcher.lock'),
	};
}
