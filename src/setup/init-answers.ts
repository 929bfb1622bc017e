import { findField, setPath, type Field } from '../config/fields.js';
import { coerceValue } from '../config/validate.js';
import { isTaskPingError, TaskPingError } from '../errors.js';
import { languageFromLocale } from '../mail/i18n.js';
import { findPreset, guessPreset, PRESETS, type Endpoint, type Preset } from './presets.js';
import type { Prompter } from './prompt.js';

/**
 * The answers of `taskping init`, each from (in this order) its flag, its
 * environment variable, the provider preset, or a question. With --yes no
 * question is asked: what is still missing is an error naming the flag and
 * the variable.
 */
export interface InitFlags {
	yes?: boolean;
	provider?: string;
	email?: string;
	password?: string;
	smtpHost?: string;
	smtpPort?: number;
	smtpSecure?: boolean;
	imapHost?: string;
	imapPort?: number;
	imapSecure?: boolean;
	imapUser?: string;
	imapPass?: string;
	to?: string;
	allow?: string;
	language?: string;
	shared?: boolean;
	authservId?: string;
}

export interface Answers {
	preset: Preset;
	/** Settings by config key, typed, ready for the store. */
	settings: Record<string, unknown>;
}

const field = (key: string): Field => findField(key)!;

/** Validates one answer with the config's own rules; the error names the flag to fix. */
function typed(key: string, raw: unknown, flag: string): unknown {
	try {
		return coerceValue(field(key), raw);
	} catch (error) {
		throw new TaskPingError('init-invalid', isTaskPingError(error) ? error.problem : (error as Error).message, { cause: error, fix: `--${flag} <value> (or ${field(key).env}).` });
	}
}

export async function collectAnswers(flags: InitFlags, env: NodeJS.ProcessEnv, prompter: Prompter | null, print: (line: string) => void): Promise<Answers> {
	const settings: Record<string, unknown> = {};
	const set = (key: string, raw: unknown, flag: string) => Object.assign(settings, setPath(settings, key, typed(key, raw, flag)));
	const missing = (flag: string, envName: string, what: string) =>
		new TaskPingError('init-missing', `${what} is missing: pass --${flag} or set ${envName} (taskping init --yes asks nothing).`);
	/**
	 * Flag, then environment; then a question offering the fallback, or the
	 * fallback unasked when `quiet` (a preset's servers) or with --yes; else an error.
	 */
	const answer = async (flag: keyof InitFlags, envName: string, what: string, question: (fallback?: string) => Promise<string>, fallback?: string, quiet = false): Promise<string> => {
		const given = flags[flag] ?? (env[envName] || undefined);
		if (given !== undefined) return String(given);
		if (!prompter || (quiet && fallback !== undefined)) {
			if (fallback !== undefined) return fallback;
			throw missing(String(flag).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), envName, what);
		}
		return question(fallback);
	};
	const ask = (q: string) => (fallback?: string) => prompter!.ask(q, { default: fallback });

	const email = await answer('email', 'SMTP_USER', 'the service mailbox address', ask('Service mailbox address (TaskPing sends from it and reads your replies there)'));
	set('smtp.user', email, 'email');
	const guessed = env.SMTP_HOST && !flags.provider && !env.TASKPING_PROVIDER ? findPreset('custom')! : guessPreset(email);
	const providerId = await answer('provider', 'TASKPING_PROVIDER', 'the provider', (fallback) => prompter!.choose('Mail provider of that mailbox:', PRESETS.map((p) => ({ value: p.id, label: p.name })), fallback), guessed.id);
	const preset = findPreset(providerId);
	if (!preset) throw new TaskPingError('init-invalid', `Unknown provider "${providerId}".`, { fix: `--provider one of ${PRESETS.map((p) => p.id).join(', ')}.` });
	if (preset.warning) print(`note: ${preset.warning}`);

	for (const protocol of ['smtp', 'imap'] as const) {
		const fromPreset: Endpoint | null = preset[protocol];
		const upper = protocol.toUpperCase();
		const host = await answer(`${protocol}Host`, `${upper}_HOST`, `the ${upper} server`, ask(`${upper} server`), fromPreset?.host, true);
		set(`${protocol}.host`, host, `${protocol}-host`);
		const port = await answer(`${protocol}Port`, `${upper}_PORT`, `the ${upper} port`, ask(`${upper} port`), String(fromPreset?.port ?? (protocol === 'smtp' ? 465 : 993)), Boolean(fromPreset));
		set(`${protocol}.port`, port, `${protocol}-port`);
		const secureDefault = fromPreset?.secure ?? [465, 993].includes(Number(port));
		const secure = await answer(`${protocol}Secure`, `${upper}_SECURE`, `TLS for ${upper}`, () => prompter!.confirm(`TLS from the first byte on port ${port} (no: STARTTLS)?`, secureDefault).then(String), String(secureDefault), Boolean(fromPreset));
		set(`${protocol}.secure`, secure, `${protocol}-secure`);
	}

	if (!flags.password && !env.SMTP_PASS && prompter) print(`Where to get the app password: ${preset.passwordHint}`);
	const password = await answer('password', 'SMTP_PASS', 'the app password', () => prompter!.secret('App password (not shown)'));
	set('smtp.pass', password, 'password');
	const imapUser = flags.imapUser ?? env.IMAP_USER;
	if (imapUser) set('imap.user', imapUser, 'imap-user');
	const imapPass = flags.imapPass ?? env.IMAP_PASS;
	if (imapPass) set('imap.pass', imapPass, 'imap-pass');

	const to = await answer('to', 'EMAIL_TO', 'the notification address(es)', ask('Send notifications to (your own address; several: comma-separated)'));
	set('emailTo', to, 'to');
	const allow = await answer('allow', 'ALLOWED_SENDERS', 'the whitelist', ask('Accept replies only from (comma-separated)'), to);
	set('allowedSenders', allow, 'allow');
	const language = await answer('language', 'TASKPING_LANGUAGE', 'the language', (fallback) => prompter!.choose('Language of the mails:', [{ value: 'en', label: 'English' }, { value: 'zh', label: '中文' }], fallback), languageFromLocale(env));
	// Checked by the field's own rule, so a bad --language is named with its flag.
	set('language', language.trim() === '' ? languageFromLocale(env) : language, 'language');
	const shared = flags.shared ?? (env.TASKPING_SHARED_MAILBOX || undefined);
	if (shared !== undefined) set('sharedMailbox', shared, 'shared');
	const authservId = flags.authservId ?? (env.TASKPING_AUTHSERV_ID || undefined) ?? preset.authservId;
	if (authservId) set('authservId', authservId, 'authserv-id');
	return { preset, settings };
}
