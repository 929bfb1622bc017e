import { readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic.js';
import { tokenKey, tokensEqual } from './token.js';
import { readJsonFolder } from '../fs/json-folder.js';

/** Where replies for one token go: a tmux pane on one tmux server, running one Claude session. */
export interface SessionRecord {
	token: string;
	tmux: { socket: string; pane: string } | null;
	claudeSessionId: string;
	claudeConfigDir: string | null;
	cwd: string;
	transcriptPath: string;
	createdAt: string;
	refreshedAt: string;
	expiresAt: string;
	/** Addresses the notifications for this token were sent to. */
	recipients: string[];
	/** Message-IDs of the notifications sent for this token. */
	messageIds: string[];
	/** Set on a record made for one permission dialog or question: replies map to its keys, never to a prompt. */
	dialog?: DialogInfo | null;
	/** When the last turn ended, and when an idle notification was last sent (one per idle period). */
	lastStopAt?: string;
	lastIdleNotifiedAt?: string;
}

export interface DialogInfo {
	kind: 'permission' | 'question';
	toolName: string;
	toolInput: unknown;
	promptId: string | null;
	openedAt: string;
}

const fileOf = (dir: string, token: string) => join(dir, `${tokenKey(token)}.json`);

export function saveSession(dir: string, record: SessionRecord): void {
	writeFileAtomic(fileOf(dir, record.token), `${JSON.stringify(record, null, 2)}\n`);
}

/** The record for a token, compared in constant time; null when unknown. */
export function loadSession(dir: string, token: string): SessionRecord | null {
	try {
		const record = JSON.parse(readFileSync(fileOf(dir, token), 'utf8')) as SessionRecord;
		return tokensEqual(record.token, token) ? record : null;
	} catch {
		return null;
	}
}

export function listSessions(dir: string): SessionRecord[] {
	return readJsonFolder<SessionRecord>(dir);
}

export const isExpired = (record: SessionRecord, now: Date): boolean => Date.parse(record.expiresAt) <= now.getTime();

/**
 * The live record of the same pane and Claude session, so one conversation
 * keeps one token and a reply to any of its mails threads back to it.
 */
export function findLiveSession(dir: string, match: Pick<SessionRecord, 'tmux' | 'claudeSessionId'>, now: Date): SessionRecord | null {
	return (
		listSessions(dir).find(
			(record) =>
				!isExpired(record, now) &&
				!record.dialog &&
				record.claudeSessionId === match.claudeSessionId &&
				record.tmux?.socket === match.tmux?.socket &&
				record.tmux?.pane === match.tmux?.pane,
		) ?? null
	);
}

/** Deletes expired records; returns how many. Keeps the state dir from growing without bound. */
export function removeExpiredSessions(dir: string, now: Date): number {
	let removed = 0;
	for (const record of listSessions(dir).filter((r) => isExpired(r, now))) {
		try {
			unlinkSync(fileOf(dir, record.token));
			removed++;
		} catch {
			// already gone
		}
	}
	return removed;
}

/** The newest dialog record of a pane's Claude session opened after `since`, if any. */
export function findRecentDialog(dir: string, match: Pick<SessionRecord, 'tmux' | 'claudeSessionId'>, since: Date): SessionRecord | null {
	const dialogs = listSessions(dir).filter(
		(record) => record.dialog && record.claudeSessionId === match.claudeSessionId && record.tmux?.pane === match.tmux?.pane && Date.parse(record.dialog.openedAt) >= since.getTime(),
	);
	return dialogs.sort((a, b) => Date.parse(b.dialog!.openedAt) - Date.parse(a.dialog!.openedAt))[0] ?? null;
}
