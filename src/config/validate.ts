import { TaskPingError } from '../errors.js';
import { FIELDS, type Field, getPath, setPath } from './fields.js';

export interface Config {
	smtp: { host: string; port: number; secure: boolean; user: string; pass: string; passCommand?: string };
	imap: { host: string; port: number; secure: boolean; user: string; pass: string; passCommand?: string };
	emailFrom: string;
	emailTo: string[];
	allowedSenders: string[];
	sessionTtlHours: number;
	idleDelayMs: number;
	enterDelayMs: number;
	maxReplyLength: number;
	allowInsecureLogin: boolean;
	notifyIdle: boolean;
	allowAlways: boolean;
	busyWaitMs: number;
	outboxMaxAgeHours: number;
	sharedMailbox: boolean;
	/** 'en' | 'zh' when set; see resolveLanguage in mail/i18n.ts. */
	language?: string;
	/** Comma-separated authserv-ids trusted in the topmost Authentication-Results; unset: nothing authenticates. */
	authservId?: string;
	unauthenticatedSenders: string[];
	bindRecipients: boolean;
	allowSlash?: string;
	denyPatterns?: string;
	confirmByCode: boolean;
	ratePerSender: number;
	ratePerSession: number;
	rateWindowMinutes: number;
	duplicateWindowSeconds: number;
}

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;
const describe = (field: Field) => `${field.env} (${field.key})`;

/** Turns one raw value (string from env/CLI, or JSON value from the file) into its typed form. */
export function coerceValue(field: Field, raw: unknown): unknown {
	const bad = (expected: string) =>
		new TaskPingError('config-invalid', `${describe(field)} is ${JSON.stringify(raw)}: expected ${expected}.`, { fix: `taskping config set ${field.env} <value>, or set ${field.env} in the environment.` });
	switch (field.type) {
		case 'port': {
			const port = typeof raw === 'number' ? raw : Number(String(raw).trim());
			if (!Number.isInteger(port) || port < 1 || port > 65535) throw bad('a port number from 1 to 65535');
			return port;
		}
		case 'number': {
			const number = typeof raw === 'number' ? raw : Number(String(raw).trim());
			if (!Number.isFinite(number) || number <= 0) throw bad('a positive number');
			return number;
		}
		case 'boolean': {
			if (typeof raw === 'boolean') return raw;
			const text = String(raw).trim().toLowerCase();
			if (['true', '1', 'yes', 'on'].includes(text)) return true;
			if (['false', '0', 'no', 'off'].includes(text)) return false;
			throw bad('true or false');
		}
		case 'list': {
			const items = (Array.isArray(raw) ? raw.map(String) : String(raw).split(/[,;\s]+/)).map((item) => item.trim().toLowerCase()).filter(Boolean);
			const invalid = items.find((item) => !EMAIL.test(item));
			if (invalid !== undefined) throw bad(`comma-separated email addresses ("${invalid}" is not one)`);
			if (items.length === 0) throw bad('at least one email address');
			return items;
		}
		case 'enum': {
			// Language-like codes: a region or variant after - or _ (zh-CN, zh_TW) names its base value.
			const value = String(raw).trim().toLowerCase().replace(/[-_].*$/, '');
			const choices = field.choices ?? [];
			if (!choices.includes(value)) throw bad(choices.length > 1 ? `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}` : String(choices[0]));
			return value;
		}
		default: {
			const text = String(raw).trim();
			if (text === '') throw bad('a non-empty value');
			return field.type === 'secret' ? String(raw) : text;
		}
	}
}

/** One setting: environment first, then the stored file, then its default. */
export function resolveSetting(field: Field, stored: Record<string, unknown>, env: NodeJS.ProcessEnv): unknown {
	const fromEnv = env[field.env];
	const raw = fromEnv !== undefined && fromEnv !== '' ? fromEnv : getPath(stored, field.key);
	return raw === undefined || raw === null ? field.default : coerceValue(field, raw);
}

/**
 * Merges the stored file with the environment (environment wins), applies
 * defaults and checks every key. Throws one error naming the first bad or
 * missing key and how to set it.
 */
export function resolveConfig(stored: Record<string, unknown>, env: NodeJS.ProcessEnv): Config {
	let merged: Record<string, unknown> = {};
	for (const field of FIELDS) {
		const value = resolveSetting(field, stored, env);
		if (value !== undefined) merged = setPath(merged, field.key, value);
	}
	for (const field of FIELDS.filter((f) => f.required)) {
		if (getPath(merged, field.key) === undefined) {
			throw new TaskPingError('config-missing', `${describe(field)} is not set: ${field.help}.`, { fix: `taskping config set ${field.env} <value>, or export ${field.env}=…` });
		}
	}
	const config = merged as unknown as Config;
	config.imap.user ??= config.smtp.user;
	config.imap.pass ??= config.smtp.pass;
	config.emailFrom ??= config.smtp.user;
	return config;
}

/** Settings safe to print: secrets masked. */
export function redactConfig(stored: Record<string, unknown>): Record<string, unknown> {
	let out = stored;
	for (const field of FIELDS.filter((f) => f.type === 'secret')) {
		if (getPath(stored, field.key) !== undefined) out = setPath(out, field.key, '********');
	}
	return out;
}
