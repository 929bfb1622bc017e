import { TaskPingError } from '../errors.js';
import { readJsonFile } from '../fs/atomic.js';
import { resolvePaths, type Paths } from '../fs/paths.js';
import { findField } from './fields.js';
import { readDenyPatterns } from './policy-settings.js';
import { withCommandSecrets } from './secrets.js';
import { resolveConfig, resolveSetting, type Config } from './validate.js';

/**
 * The stored settings, read as plain JSON: every value is checked field by
 * field in resolveConfig, so the watcher and the sender need not load conf
 * and its schema compiler (store.ts) just to read them.
 */
export function readStoredSettings(paths: Paths): Record<string, unknown> {
	let stored: unknown;
	try {
		stored = readJsonFile<unknown>(paths.configFile, {});
	} catch (error) {
		throw new TaskPingError('config-invalid', `${paths.configFile} is not valid JSON.`, { cause: error, fix: 'correct it by hand, or move it aside and run taskping init.' });
	}
	if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) {
		throw new TaskPingError('config-invalid', `${paths.configFile} must hold a JSON object of settings, not ${JSON.stringify(stored).slice(0, 40)}.`, { fix: 'move it aside and run taskping init.' });
	}
	return stored as Record<string, unknown>;
}

/** The effective configuration: stored file + environment, validated. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, paths: Paths = resolvePaths(env)): Config {
	const stored = readStoredSettings(paths);
	const command = (name: string) => resolveSetting(findField(name)!, stored, env) as string | undefined;
	const config = resolveConfig(stored, withCommandSecrets(env, { smtp: command('SMTP_PASS_COMMAND'), imap: command('IMAP_PASS_COMMAND') }));
	// A deny pattern that does not compile must stop the start, never let everything through later.
	readDenyPatterns(config.denyPatterns);
	return config;
}

