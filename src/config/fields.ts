/**
 * Every setting, once: its key in config.json, its environment variable, its
 * type and default. The CLI, the hook (which must not load `conf`) and the
 * validator all read this table. Pure: no I/O, no heavy imports.
 */
import { TaskPingError } from '../errors.js';

/** The languages TaskPing writes its mails in (mail/i18n.ts holds the words); the one list. */
export const LANGUAGES = ['en', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];

export type FieldType = 'string' | 'port' | 'boolean' | 'list' | 'number' | 'secret' | 'enum';

export interface Field {
	key: string;
	env: string;
	type: FieldType;
	required?: boolean;
	default?: unknown;
	/** type 'enum': the values allowed, lower case. */
	choices?: readonly string[];
	help: string;
}

export const FIELDS: readonly Field[] = [
	{ key: 'smtp.host', env: 'SMTP_HOST', type: 'string', required: true, help: 'SMTP server of the service mailbox, e.g. smtp.gmail.com' },
	{ key: 'smtp.port', env: 'SMTP_PORT', type: 'port', default: 465, help: 'SMTP port: 465 (TLS) or 587 (STARTTLS)' },
	{ key: 'smtp.secure', env: 'SMTP_SECURE', type: 'boolean', default: true, help: 'true for implicit TLS (port 465), false for STARTTLS/plain' },
	{ key: 'smtp.user', env: 'SMTP_USER', type: 'string', required: true, help: 'login of the service mailbox (usually its address)' },
	{ key: 'smtp.pass', env: 'SMTP_PASS', type: 'secret', required: true, help: 'password or app password of the service mailbox' },
	{ key: 'imap.host', env: 'IMAP_HOST', type: 'string', required: true, help: 'IMAP server of the service mailbox, e.g. imap.gmail.com' },
	{ key: 'imap.port', env: 'IMAP_PORT', type: 'port', default: 993, help: 'IMAP port: 993 (TLS) or 143' },
	{ key: 'imap.secure', env: 'IMAP_SECURE', type: 'boolean', default: true, help: 'true for implicit TLS (port 993)' },
	{ key: 'imap.user', env: 'IMAP_USER', type: 'string', help: 'IMAP login; defaults to smtp.user' },
	{ key: 'imap.pass', env: 'IMAP_PASS', type: 'secret', help: 'IMAP password; defaults to smtp.pass' },
	{ key: 'emailFrom', env: 'EMAIL_FROM', type: 'string', help: 'From address of notifications; defaults to smtp.user' },
	{ key: 'emailTo', env: 'EMAIL_TO', type: 'list', required: true, help: 'comma-separated addresses that receive notifications' },
	{ key: 'allowedSenders', env: 'ALLOWED_SENDERS', type: 'list', required: true, help: 'comma-separated addresses allowed to send commands' },
	{ key: 'sessionTtlHours', env: 'TASKPING_SESSION_TTL_HOURS', type: 'number', default: 24, help: 'hours a notification token stays valid' },
	{ key: 'idleDelayMs', env: 'TASKPING_IDLE_DELAY_MS', type: 'number', default: 300, help: 'ms of quiet before the watcher re-enters IMAP IDLE (imapflow autoIdleDelay)' },
	{ key: 'enterDelayMs', env: 'TASKPING_ENTER_DELAY_MS', type: 'number', default: 150, help: 'longest wait (ms) between pasting a reply and pressing Enter (short replies wait less: 30 ms + 1 ms per 8 characters)' },
	{ key: 'maxReplyLength', env: 'TASKPING_MAX_REPLY_LENGTH', type: 'number', default: 4000, help: 'longest reply (characters) that will be typed' },
	{ key: 'autoStartWatcher', env: 'TASKPING_AUTOSTART', type: 'boolean', default: true, help: "the plugin's SessionStart hook starts taskping watch (detached, logged to the state folder) when TaskPing is set up and no watcher runs; false to run it yourself" },
	{ key: 'notifyIdle', env: 'TASKPING_NOTIFY_IDLE', type: 'boolean', default: false, help: "also mail Claude Code's idle reminder (once per idle period; the Stop mail already said it is waiting)" },
	{ key: 'allowAlways', env: 'TASKPING_ALLOW_ALWAYS', type: 'boolean', default: true, help: 'allow answering a permission mail with "always" (approve and stop asking)' },
	{ key: 'busyWaitMs', env: 'TASKPING_BUSY_WAIT_MS', type: 'number', default: 30000, help: 'no longer used: a reply for a busy Claude waits in the reply queue until its prompt is free (kept so older configs load)' },
	{ key: 'allowInsecureLogin', env: 'TASKPING_ALLOW_INSECURE_LOGIN', type: 'boolean', default: false, help: 'allow password login without TLS to a non-loopback server' },
	{ key: 'outboxMaxAgeHours', env: 'TASKPING_OUTBOX_MAX_AGE_HOURS', type: 'number', default: 24, help: 'hours a mail keeps being retried while SMTP fails; then it is given up and shown by taskping status' },
	{ key: 'sharedMailbox', env: 'TASKPING_SHARED_MAILBOX', type: 'boolean', default: false, help: "several machines share the service mailbox: mail with another machine's token is left untouched (not answered, not marked read)" },
	{ key: 'language', env: 'TASKPING_LANGUAGE', type: 'enum', choices: LANGUAGES, help: 'language of notifications and answers: en or zh (default: from the system locale)' },
	{ key: 'smtp.passCommand', env: 'SMTP_PASS_COMMAND', type: 'string', help: 'command printing the SMTP password (e.g. "pass show mail/taskping"), run without a shell; used instead of SMTP_PASS' },
	{ key: 'imap.passCommand', env: 'IMAP_PASS_COMMAND', type: 'string', help: 'command printing the IMAP password, run without a shell; used instead of IMAP_PASS' },
	{ key: 'authservId', env: 'TASKPING_AUTHSERV_ID', type: 'string', help: "authserv-id of the service mailbox's receiving server (first word of the Authentication-Results it adds, e.g. mx.google.com; several: comma-separated). taskping inspect <reply.eml> prints it" },
	{ key: 'unauthenticatedSenders', env: 'TASKPING_UNAUTHENTICATED_SENDERS', type: 'list', default: [], help: 'whitelisted addresses accepted without DKIM/DMARC evidence, for mail servers that add no Authentication-Results (their From can be forged; an explicit dmarc=fail is still refused)' },
	{ key: 'bindRecipients', env: 'TASKPING_BIND_RECIPIENTS', type: 'boolean', default: false, help: 'accept a reply only from an address its notification was sent to (default: any whitelisted address may answer)' },
	{ key: 'allowSlash', env: 'TASKPING_ALLOW_SLASH', type: 'string', help: 'slash commands a reply may start with, comma-separated, e.g. /compact,/cost (default: none)' },
	{ key: 'denyPatterns', env: 'TASKPING_DENY_PATTERNS', type: 'string', help: 'extra deny patterns (JavaScript regular expressions, case-insensitive), one per line or a JSON array; added to the built-in ones' },
	{ key: 'confirmByCode', env: 'TASKPING_CONFIRM_BY_CODE', type: 'boolean', default: false, help: 'a risky reply (deny pattern, slash command, probable duplicate) is mailed back with a one-time code and typed only when the code is answered' },
	{ key: 'ratePerSender', env: 'TASKPING_RATE_PER_SENDER', type: 'number', default: 30, help: 'most mails one authenticated sender may send per rate window; more are refused' },
	{ key: 'ratePerSession', env: 'TASKPING_RATE_PER_SESSION', type: 'number', default: 10, help: 'most replies typed into one session per rate window; more are refused' },
	{ key: 'rateWindowMinutes', env: 'TASKPING_RATE_WINDOW_MINUTES', type: 'number', default: 10, help: 'length of the rate window in minutes' },
	{ key: 'duplicateWindowSeconds', env: 'TASKPING_DUPLICATE_WINDOW_SECONDS', type: 'number', default: 120, help: 'the same text for the same session again within this many seconds is held as a probable duplicate' },
];

export const findField = (name: string): Field | undefined =>
	FIELDS.find((field) => field.key === name || field.env === name.toUpperCase());

/** A setting by environment name or key, or an error listing the known ones. */
export function requireField(name: string): Field {
	const field = findField(name);
	if (!field) throw new TaskPingError('config-unknown-key', `Unknown setting "${name}". Known: ${FIELDS.map((f) => f.env).join(', ')}.`, { fix: 'taskping config keys lists every setting with its meaning.' });
	return field;
}

/** Reads a dotted key out of the nested config object. */
export function getPath(object: Record<string, unknown>, key: string): unknown {
	return key.split('.').reduce<unknown>((value, part) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined), object);
}

/** Returns a copy of `object` with the dotted `key` set. */
export function setPath(object: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
	const [head, ...rest] = key.split('.') as [string, ...string[]];
	if (rest.length === 0) return { ...object, [head]: value };
	const child = (object[head] && typeof object[head] === 'object' ? object[head] : {}) as Record<string, unknown>;
	return { ...object, [head]: setPath(child, rest.join('.'), value) };
}
