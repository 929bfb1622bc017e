import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { findField } from '../config/fields.js';
import { resolveSetting } from '../config/validate.js';
import { readJsonFile, setDurableWrites } from '../fs/atomic.js';
import { createLogger } from '../fs/log.js';
import { enqueueJob } from '../outbox/outbox.js';
import { resolvePaths, type Paths } from '../fs/paths.js';
import { findLiveSession, findRecentDialog, saveSession, type SessionRecord } from '../session/store.js';
import { generateToken, redactToken } from '../session/token.js';
import { readWatcher } from '../state/liveness.js';
import { parseHookEvent, type HookEvent } from '../claude/payload.js';

/**
 * The hook's whole job, on Claude Code's critical path: record the session,
 * queue the notification, start a detached sender, return. No mail library is
 * loaded here (importing nodemailer alone costs several times a bare node start).
 */
const newRecord = (event: HookEvent, now: Date, expiresAt: string): SessionRecord => ({
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
});

/** The conversation's record (one token per pane + Claude session), created or refreshed. */
export function recordSession(paths: Paths, event: HookEvent, ttlHours: number, now: Date, changes: Partial<SessionRecord> = {}): SessionRecord {
	const expiresAt = new Date(now.getTime() + ttlHours * 3600_000).toISOString();
	const live = findLiveSession(paths.sessionsDir, { tmux: event.tmux, claudeSessionId: event.sessionId }, now);
	const base = live ? { ...live, cwd: event.cwd, transcriptPath: event.transcriptPath, refreshedAt: now.toISOString(), expiresAt } : newRecord(event, now, expiresAt);
	const record = { ...base, ...changes };
	saveSession(paths.sessionsDir, record);
	return record;
}

/** A dialog (permission or question) gets a token of its own, so a late answer can never reach another dialog or the prompt. */
function recordDialog(paths: Paths, event: HookEvent, ttlHours: number, now: Date): SessionRecord {
	const record = newRecord(event, now, new Date(now.getTime() + ttlHours * 3600_000).toISOString());
	record.dialog = { kind: event.toolName === 'AskUserQuestion' ? 'question' : 'permission', toolName: event.toolName ?? 'unknown', toolInput: event.toolInput, promptId: event.promptId, openedAt: now.toISOString() };
	saveSession(paths.sessionsDir, record);
	return record;
}

/** Claude Code's permission Notification follows its PermissionRequest ~6 s later: one mail per dialog. */
const DIALOG_NOTIFICATION_WINDOW_MS = 10 * 60 * 1000;

/**
 * Which record a hook event notifies about, or null to stay quiet. Pure
 * apart from the session store it reads and writes.
 */
export function planNotification(paths: Paths, event: HookEvent, settings: { ttlHours: number; notifyIdle: boolean }, now: Date): SessionRecord | null {
	const { ttlHours } = settings;
	// A turn that launched a background agent stops while the agent works; its result starts another
	// turn whose Stop mails. One mail for the whole piece of work, not a "stopped" mail in the middle.
	if (event.event === 'Stop' && event.backgroundTasks > 0) return null;
	if (event.event === 'Stop') return recordSession(paths, event, ttlHours, now, { lastStopAt: now.toISOString() });
	// Auto mode blocked a tool call / an API error or limit ended the turn: mailed in the conversation's
	// thread (its token), so a reply is typed as the next prompt.
	if (event.event === 'PermissionDenied' || event.event === 'StopFailure') return recordSession(paths, event, ttlHours, now);
	if (event.event === 'PermissionRequest') return recordDialog(paths, event, ttlHours, now);
	if (event.event !== 'Notification') return null;
	const match = { tmux: event.tmux, claudeSessionId: event.sessionId };
	// A background agent finished: the turn its result starts ends with a Stop, which mails.
	if (event.notificationType === 'agent_completed') return null;
	if (event.notificationType === 'permission_prompt' && findRecentDialog(paths.sessionsDir, match, new Date(now.getTime() - DIALOG_NOTIFICATION_WINDOW_MS))) return null;
	if (event.notificationType === 'idle_prompt') {
		if (!settings.notifyIdle) return null;
		const live = findLiveSession(paths.sessionsDir, match, now);
		if (live?.lastIdleNotifiedAt && Date.parse(live.lastIdleNotifiedAt) >= Date.parse(live.lastStopAt ?? '1970-01-01')) return null;
		return recordSession(paths, event, ttlHours, now, { lastIdleNotifiedAt: now.toISOString() });
	}
	return recordSession(paths, event, ttlHours, now);
}

/**
 * Starts the outbox sender (`entry`: dist/src/outbox/send-main.js, passed in by
 * the hook's entry file) as a detached process, so SMTP never makes Claude Code wait.
 */
export function spawnSender(entry: string): void {
	const child = spawn(process.execPath, [entry], { detached: true, stdio: 'ignore', env: process.env });
	child.unref();
}

const SAME_EVENT_WINDOW_MS = 10_000;

/**
 * True the first time this exact event is seen within 10 s. When TaskPing is
 * registered twice (plugin and installer, or user and project settings),
 * Claude Code runs both hooks; only the first one mails.
 */
export function claimEvent(paths: Paths, event: HookEvent, stdin: string, now: Date): boolean {
	const dir = join(paths.stateDir, 'hook-events');
	const key = createHash('sha256').update(`${event.event}|${event.sessionId}|${event.promptId ?? ''}|${event.notificationType ?? ''}|${event.toolName ?? ''}|${stdin.length}|${event.lastAssistantMessage ?? ''}|${event.reason ?? ''}`).digest('hex').slice(0, 24);
	mkdirSync(dir, { recursive: true, mode: 0o700 });
	try {
		closeSync(openSync(join(dir, key), 'wx', 0o600));
	} catch {
		try {
			if (now.getTime() - statSync(join(dir, key)).mtimeMs < SAME_EVENT_WINDOW_MS) return false;
		} catch {
			// removed meanwhile: treat as new
		}
	}
	// Old markers go, so the folder stays small.
	for (const name of readdirSync(dir)) {
		try {
			if (name !== key && now.getTime() - statSync(join(dir, name)).mtimeMs > SAME_EVENT_WINDOW_MS) unlinkSync(join(dir, name));
		} catch {
			// another hook removed it
		}
	}
	return true;
}

export interface HookOptions {
	/** Replaces the sender start (tests); like it, called only when no watcher is running. */
	spawnSender?: () => void;
	/** Path of dist/src/outbox/send-main.js; without it (and without a watcher) the job waits for the next watcher start. */
	senderEntry?: string;
}

export function runHook(stdin: string, env: NodeJS.ProcessEnv, eventArg: string | undefined, options: HookOptions = {}): void {
	// Atomic (write + rename) but without fsync on Claude Code's critical path: a power cut may
	// lose the newest notification, never tear a file. The watcher's own writes stay durable.
	setDurableWrites(false);
	const paths = resolvePaths(env);
	const log = createLogger(paths.logFile, { debug: env.TASKPING_DEBUG === '1' });
	const event = parseHookEvent(stdin, env, eventArg);
	if (!event) {
		log('warn', 'hook-bad-payload', { event: eventArg ?? null, bytes: stdin.length });
		return;
	}
	const now = new Date();
	if (!claimEvent(paths, event, stdin, now)) {
		log('debug', 'hook-duplicate', { hook: event.event });
		return;
	}
	const stored = readJsonFile<Record<string, unknown>>(paths.configFile, {});
	const setting = (key: string) => resolveSetting(findField(key)!, stored, env);
	const record = planNotification(paths, event, { ttlHours: setting('sessionTtlHours') as number, notifyIdle: setting('notifyIdle') as boolean }, now);
	if (!record) {
		log('debug', 'hook-quiet', { hook: event.event, type: event.notificationType });
		return;
	}
	enqueueJob(paths.outboxDir, { kind: 'notification', token: record.token, event }, now);
	log('info', 'hook-queued', { hook: event.event, type: event.notificationType, token: redactToken(record.token), pane: event.tmux?.pane ?? null });
	// A working watcher watches the outbox folder and sends the job itself, warm, in a fraction of the
	// time a fresh sender needs to load nodemailer. A dead or hung one does not count: the hook's own
	// sender goes (the outbox lock keeps the two from sending one job twice).
	if (readWatcher(paths)?.responding) log('debug', 'hook-watcher-sends', { token: redactToken(record.token) });
	else if (options.spawnSender) options.spawnSender();
	else if (options.senderEntry) spawnSender(options.senderEntry);
}
