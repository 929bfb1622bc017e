import { basename } from 'node:path';
import { failedDirOf, listJobs, type OutboxJob } from '../outbox/outbox.js';
import type { Paths } from '../fs/paths.js';
import { isExpired, listSessions } from '../session/store.js';
import { redactToken } from '../session/token.js';
import { readWatcher } from '../state/liveness.js';
import { readWatcherStatus, type ImapStatus } from '../state/status-file.js';
import { listDigests } from './digest.js';
import { listQueue } from './reply-queue.js';
import { readProcessed } from '../state/processed.js';
import { gatherReplyStats, type ReplyStats } from './reply-stats.js';
import { readFileTail } from '../fs/tail.js';

/** Everything `taskping status` shows, gathered from the state dir alone (no network). */
export interface StatusReport {
	stateDir: string;
	watcher: { running: boolean; /** Running and still beating (touches its lock every minute). */ responding: boolean; pid: number | null; startedAt: string | null; instanceId: string | null; mailbox: string | null; shared: boolean | null; reportedAt: string | null };
	/** As the watcher last published it; when it is not running, the last state it was in. */
	imap: ImapStatus | null;
	sessions: Array<{ project: string; pane: string | null; token: string; kind: 'prompt' | 'permission' | 'question'; expiresAt: string }>;
	outbox: { pending: JobSummary[]; failed: JobSummary[] };
	outcomes: Array<{ at: string; from: string | null; token: string | null; accepted: boolean; reasons: string[] }>;
	/** The last day's replies: typed, queued, refused with an answer, refused without one. */
	replies: ReplyStats;
	/** Replies waiting for their pane, per pane in the order they will be typed. */
	queue: Array<{ project: string; pane: string | null; token: string; position: number; from: string; firstLine: string; arrivedAt: string; queuedAt: string; deadline: string; typing: boolean }>;
	/** Digests of refused replies waiting for their window to close. */
	digests: Array<{ to: string; replies: number; dueAt: string }>;
}

export interface JobSummary {
	id: string;
	kind: OutboxJob['kind'];
	/** Project and event for a notification, the subject for an answer; tokens shortened. */
	what: string;
	createdAt: string;
	attempts: number;
	nextAttemptAt: string | null;
	lastError: string | null;
	gaveUpAt: string | null;
}

const shortenTokens = (text: string) => text.replace(/#([0-9A-Z]{13})\b/g, (_match, token: string) => `#${redactToken(token)}`);

function summarize(job: OutboxJob): JobSummary {
	const what = job.kind === 'notification' ? `${basename(job.event.cwd)}: ${job.event.event}${job.event.notificationType ? ` (${job.event.notificationType})` : ''}` : shortenTokens(job.mail.subject);
	return { id: job.id, kind: job.kind, what, createdAt: job.createdAt, attempts: job.attempts, nextAttemptAt: job.gaveUpAt ? null : job.nextAttemptAt, lastError: job.lastError ?? null, gaveUpAt: job.gaveUpAt ?? null };
}

/** The last `count` lines of a JSON-lines file, read from its tail only. */
function readLastLines(file: string, count: number): unknown[] {
	let text: string;
	try {
		text = readFileTail(file, 256 * 1024);
	} catch {
		return [];
	}
	return text.split('\n').filter(Boolean).slice(-count).flatMap((line) => {
		try {
			return [JSON.parse(line)];
		} catch {
			return []; // the cut first line of the tail
		}
	});
}

export function gatherStatus(paths: Paths, now = new Date()): StatusReport {
	const published = readWatcherStatus(paths);
	const holder = readWatcher(paths, now.getTime());
	const lockPid = holder?.pid ?? null;
	const running = holder !== null;
	const current = published && published.pid === lockPid ? published : null;
	const sessions = listSessions(paths.sessionsDir)
		.filter((record) => !isExpired(record, now))
		.sort((a, b) => Date.parse(b.refreshedAt) - Date.parse(a.refreshedAt))
		.map((record) => ({
			project: basename(record.cwd) || record.cwd,
			pane: record.tmux?.pane ?? null,
			token: redactToken(record.token),
			kind: record.dialog?.kind ?? ('prompt' as const),
			expiresAt: record.expiresAt,
		}));
	const outcomes = (readLastLines(paths.outcomesFile, 10) as Array<Record<string, unknown>>).map((entry) => ({
		at: String(entry.at ?? ''),
		from: typeof entry.from === 'string' ? entry.from : null,
		token: typeof entry.token === 'string' ? entry.token : null,
		accepted: entry.accepted === true,
		reasons: Array.isArray(entry.reasons) ? entry.reasons.map(String) : [],
	}));
	return {
		stateDir: paths.stateDir,
		watcher: {
			running,
			responding: holder?.responding ?? false,
			pid: lockPid,
			startedAt: current?.startedAt ?? null,
			instanceId: published?.instanceId ?? null,
			mailbox: published?.mailbox ?? null,
			shared: published?.shared ?? null,
			reportedAt: published?.updatedAt ?? null,
		},
		imap: published ? (running ? published.imap : { ...published.imap, state: 'stopped' }) : null,
		sessions,
		outbox: { pending: listJobs(paths.outboxDir).map(summarize), failed: listJobs(failedDirOf(paths.outboxDir)).map(summarize) },
		outcomes,
		replies: gatherReplyStats(paths, now),
		queue: gatherQueue(paths),
		digests: listDigests(paths).map((digest) => ({ to: digest.sender, replies: digest.entries.length, dueAt: digest.dueAt })),
	};
}

function gatherQueue(paths: Paths): StatusReport['queue'] {
	let pane = '';
	let position = 0;
	const processed = readProcessed(paths);
	return listQueue(paths).map((entry) => {
		const key = `${entry.session.tmux?.socket}\0${entry.session.tmux?.pane}`;
		position = key === pane ? position + 1 : 1;
		pane = key;
		return {
			project: basename(entry.session.cwd) || entry.session.cwd,
			pane: entry.session.tmux?.pane ?? null,
			token: redactToken(entry.session.token),
			position,
			from: entry.from,
			firstLine: (entry.text.split('\n').find((line) => line.trim()) ?? '').slice(0, 60),
			arrivedAt: entry.arrivedAt,
			queuedAt: entry.queuedAt,
			deadline: entry.deadline,
			typing: processed[entry.messageId]?.state === 'typing',
		};
	});
}
