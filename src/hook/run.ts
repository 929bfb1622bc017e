import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FIELDS } from '../config/fields.js';
import { resolveSetting } from '../config/validate.js';
import { readJsonFile } from '../fs/atomic.js';
import { createLogger } from '../log.js';
import { enqueueJob } from '../mail/outbox.js';
import { resolvePaths, type Paths } from '../paths.js';
import { findLiveSession, saveSession, type SessionRecord } from '../session/store.js';
import { generateToken, redactToken } from '../session/token.js';
import { parseHookEvent, type HookEvent } from './payload.js';

/**
 * The hook's whole job, on Claude Code's critical path: record the session,
 * queue the notification, start a detached sender, return. No mail library is
 * loaded here (importing nodemailer alone costs several times a bare node start).
 */
const NOTIFY_EVENTS = new Set(['Stop', 'Notification']);

export function recordSession(paths: Paths, event: HookEvent, ttlHours: number, now: Date): SessionRecord {
	const expiresAt = new Date(now.getTime() + ttlHours * 3600_000).toISOString();
	const live = findLiveSession(paths.sessionsDir, { tmux: event.tmux, claudeSessionId: event.sessionId }, now);
	const record: SessionRecord = live
		? { ...live, cwd: event.cwd, transcriptPath: event.transcriptPath, refreshedAt: now.toISOString(), expiresAt }
		: {
				token: generateToken(),
				tmux: event.tmux,
				claudeSessionId: event.sessionId,
				claudeConfigDir: event.claudeConfigDir,
				cwd: event.cwd,
				transcriptPath: event.transcriptPath,
				createdAt: now.toISOString(),
				refreshedAt: now.toISOString(),
				expiresAt,
				recipients: [],
				messageIds: [],
			};
	saveSession(paths.sessionsDir, record);
	return record;
}

/** Starts the outbox sender as a detached process, so SMTP never makes Claude Code wait. */
export function spawnSender(): void {
	const entry = fileURLToPath(new URL('../mail/send-main.js', import.meta.url));
	const child = spawn(process.execPath, [entry], { detached: true, stdio: 'ignore', env: process.env });
	child.unref();
}

export function runHook(stdin: string, env: NodeJS.ProcessEnv, eventArg: string | undefined, options: { spawnSender?: () => void } = {}): void {
	const paths = resolvePaths(env);
	const log = createLogger(paths.logFile, { debug: env.TASKPING_DEBUG === '1' });
	const event = parseHookEvent(stdin, env, eventArg);
	if (!event) {
		log('warn', 'hook-bad-payload', { event: eventArg ?? null, bytes: stdin.length });
		return;
	}
	if (!NOTIFY_EVENTS.has(event.event)) return;
	const stored = readJsonFile<Record<string, unknown>>(paths.configFile, {});
	const ttlField = FIELDS.find((field) => field.key === 'sessionTtlHours')!;
	const ttl = resolveSetting(ttlField, stored, env) as number;
	const now = new Date();
	const record = recordSession(paths, event, ttl, now);
	enqueueJob(paths.outboxDir, { kind: 'notification', token: record.token, event }, now);
	log('info', 'hook-queued', { hook: event.event, type: event.notificationType, token: redactToken(record.token), pane: event.tmux?.pane ?? null });
	(options.spawnSender ?? spawnSender)();
}
