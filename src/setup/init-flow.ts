import { defaultSettingsFile, installHooks } from '../../install/install.js';
import { getPath, setPath } from '../config/fields.js';
import { openStore } from '../config/store.js';
import { resolveConfig, type Config } from '../config/validate.js';
import { TaskPingError } from '../errors.js';
import { resolveLanguage } from '../mail/i18n.js';
import { composeTestMail } from '../mail/test-mail.js';
import type { Paths } from '../fs/paths.js';
import { collectAnswers, type InitFlags } from './init-answers.js';
import type { LoginResult } from './check-login.js';
import { findHooksInPlay } from './hooks-in-play.js';
import type { Prompter } from './prompt.js';
import type { Style } from './style.js';

/**
 * `taskping init`: answers → live SMTP and IMAP logins (nothing is saved
 * unless both work) → save → test notification → learn the mail server's
 * authserv-id from the user's answer to it → hooks → background service.
 */
export interface InitOptions extends InitFlags {
	testMail?: boolean;
	hooks?: boolean;
	settings?: string;
	service?: boolean;
	/** Seconds to wait for an answer to the test mail (to learn the authserv-id); 0: do not wait. */
	waitReply?: number;
}

export interface InitDeps {
	env: NodeJS.ProcessEnv;
	cwd: string;
	paths: Paths;
	prompter: Prompter | null;
	print: (line: string) => void;
	style: Style;
	progress: <T>(label: string, work: () => Promise<T>) => Promise<T>;
	/** Installs and starts the watcher service; returns a line to print. */
	installService: () => string;
}

const SAVED_KEYS = ['smtp.host', 'smtp.port', 'smtp.secure', 'smtp.user', 'smtp.pass', 'imap.host', 'imap.port', 'imap.secure', 'imap.user', 'imap.pass', 'emailTo', 'allowedSenders', 'language', 'sharedMailbox', 'authservId'];

async function checkLogins(config: Config, deps: InitDeps): Promise<LoginResult[]> {
	const { checkImap, checkSmtp, describeLogin } = await import('./check-login.js');
	const results = await deps.progress(`logging in to ${config.smtp.host}:${config.smtp.port} (SMTP) and ${config.imap.host}:${config.imap.port} (IMAP)`, () => Promise.all([checkSmtp(config), checkImap(config)]));
	results.forEach((result, index) => deps.print(`${result.ok ? deps.style.ok('✓') : deps.style.fail('✗')} ${describeLogin(index === 0 ? 'SMTP' : 'IMAP', result)}`));
	return results;
}

async function sendTestMail(config: Config, deps: InitDeps): Promise<string> {
	const { createSender } = await import('../mail/transport.js');
	const mail = composeTestMail(config.emailFrom, config.emailTo, resolveLanguage(config.language, deps.env));
	const sender = createSender(config);
	try {
		await deps.progress(`sending a test notification to ${config.emailTo.join(', ')}`, () => sender.send(mail));
	} finally {
		sender.close();
	}
	deps.print(`${deps.style.ok('✓')} test notification sent to ${config.emailTo.join(', ')}`);
	return mail.messageId;
}

export async function runInit(options: InitOptions, deps: InitDeps): Promise<void> {
	const store = openStore(deps.paths);
	let config: Config;
	for (;;) {
		const { settings } = await collectAnswers(options, deps.env, deps.prompter, (line) => deps.print(deps.style.warn(line)));
		let candidate = store.store as Record<string, unknown>;
		for (const key of SAVED_KEYS) {
			const value = getPath(settings, key);
			if (value !== undefined) candidate = setPath(candidate, key, value);
		}
		config = resolveConfig(candidate, {});
		const results = await checkLogins(config, deps);
		const failed = results.find((result) => !result.ok);
		if (!failed) {
			for (const key of SAVED_KEYS) if (getPath(candidate, key) !== undefined) store.set(key, getPath(candidate, key));
			deps.print(`${deps.style.ok('✓')} saved to ${deps.paths.configFile} (readable by you only)`);
			break;
		}
		const { describeLogin } = await import('./check-login.js');
		const line = describeLogin(failed === results[0] ? 'SMTP' : 'IMAP', failed);
		if (!deps.prompter || !(await deps.prompter.confirm('Nothing was saved. Change the answers and try again?', true))) {
			throw new TaskPingError('init-login-failed', `${line} Nothing was saved.`);
		}
	}

	let testMessageId: string | null = null;
	if (options.testMail !== false) testMessageId = await sendTestMail(config, deps);

	if (!config.authservId && testMessageId) {
		const wait = options.waitReply ?? (deps.prompter && (await deps.prompter.confirm('Answer the test mail from your phone now, so TaskPing learns how your mail server vouches for you? (replies are refused until it knows)', true)) ? 300 : 0);
		if (wait > 0) {
			const { learnAuthservId } = await import('./learn-authserv.js');
			const learned = await deps.progress(`waiting up to ${wait} s for your answer to the test mail`, () => learnAuthservId(config, testMessageId!, wait * 1000));
			if (learned.authservId) {
				store.set('authservId', learned.authservId);
				deps.print(`${deps.style.ok('✓')} your answer from ${learned.from} was vouched for by ${learned.authservId}; saved as TASKPING_AUTHSERV_ID`);
			} else deps.print(deps.style.warn(learned.from ? `! your answer carried no Authentication-Results; see taskping inspect` : `! no answer arrived; later: save one of your replies as .eml, run taskping inspect on it, then taskping config set TASKPING_AUTHSERV_ID <id>`));
		} else deps.print(deps.style.warn('! replies stay refused until TASKPING_AUTHSERV_ID is set: answer any TaskPing mail, save the answer as .eml and run taskping inspect on it'));
	}

	if (options.hooks !== false) {
		const inPlay = findHooksInPlay(deps.env, deps.cwd);
		if (inPlay.pluginEnabled) deps.print(`${deps.style.ok('✓')} the TaskPing plugin (${inPlay.pluginEnabled}) already registers the hooks; not adding them again (they would fire twice)`);
		else {
			const result = installHooks(options.settings ?? defaultSettingsFile(deps.env));
			deps.print(`${deps.style.ok('✓')} hooks: ${result.changes.length ? result.changes.join('; ') : 'already registered'} in ${result.file}`);
		}
	}

	const wantService = options.service ?? (deps.prompter ? await deps.prompter.confirm('Run the watcher in the background now, and at every login?', true) : false);
	if (wantService) {
		try {
			deps.print(`${deps.style.ok('✓')} ${deps.installService()}`);
		} catch (error) {
			deps.print(deps.style.warn(`! the service could not be installed: ${(error as Error).message}`));
		}
	} else deps.print('Start the watcher with: taskping service install (background) or taskping watch (this terminal)');
	deps.print(`Done. Start Claude Code inside tmux; when it stops or needs you, mail goes to ${config.emailTo.join(', ')}. Check any time: taskping status, taskping doctor.`);
}
