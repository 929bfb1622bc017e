/**
 * The reply queue on disk: one JSON file per verified reply waiting for its
 * pane, written atomically (fs/atomic.ts), in a folder per pane, named so
 * that sorting the names gives arrival order. A watcher restart or crash
 * loses nothing: the files are the queue. Pure storage, no tmux.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic.js';
import type { Paths } from '../fs/paths.js';
import type { SessionRecord } from '../session/store.js';

export interface QueuedReply {
	/** File name without .json: `<arrival ms>-<uid>-<message key>`, so names sort in arrival order. */
	id: string;
	messageId: string;
	uid: number | null;
	from: string;
	subject: string;
	/** Whether refusals and confirmations may be mailed to `from` (always true today: only verified replies are queued). */
	answerable: boolean;
	/** The session as it was when the reply was accepted (the live record is preferred when it still exists). */
	session: SessionRecord;
	text: string;
	arrivedAt: string;
	queuedAt: string;
	/** After this the reply is not typed any more, and the sender is told so. */
	deadline: string;
	/** The sender was told "queued behind the current turn". */
	noticeSent?: boolean;
}

const queueDir = (paths: Paths): string => join(paths.stateDir, 'queue');
const hash = (text: string, length: number) => createHash('sha256').update(text).digest('hex').slice(0, length);

/** One folder per pane (tmux socket + pane id, hashed: pane ids repeat across tmux servers). */
export const paneKeyOf = (session: SessionRecord): string => hash(`${session.tmux?.socket ?? ''}\0${session.tmux?.pane ?? ''}`, 16);
const messageKey = (messageId: string): string => hash(messageId, 16);

export function queueIdFor(arrivedAt: Date, uid: number | null, messageId: string): string {
	return `${String(arrivedAt.getTime()).padStart(15, '0')}-${String(uid ?? 0).padStart(10, '0')}-${messageKey(messageId)}`;
}

const listNames = (dir: string): string[] => {
	try {
		return readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
	} catch {
		return [];
	}
};

function readEntry(file: string): QueuedReply | null {
	try {
		return JSON.parse(readFileSync(file, 'utf8')) as QueuedReply;
	} catch {
		return null; // removed meanwhile; a torn file cannot exist (atomic writes)
	}
}

/** Pane keys with at least one queued reply. */
export function queuedPanes(paths: Paths): string[] {
	try {
		return readdirSync(queueDir(paths)).filter((name) => listNames(join(queueDir(paths), name)).length > 0);
	} catch {
		return [];
	}
}

/** A pane's queue, oldest arrival first. */
export function listPane(paths: Paths, paneKey: string): QueuedReply[] {
	const dir = join(queueDir(paths), paneKey);
	return listNames(dir).flatMap((name) => readEntry(join(dir, name)) ?? []);
}

/** Every queued reply, per pane in arrival order. */
export const listQueue = (paths: Paths): QueuedReply[] => queuedPanes(paths).flatMap((pane) => listPane(paths, pane));

/** The queued entry for a Message-ID, if any. */
export function findQueued(paths: Paths, messageId: string): { entry: QueuedReply; position: number } | null {
	const key = messageKey(messageId);
	for (const pane of queuedPanes(paths)) {
		const entries = listPane(paths, pane);
		const index = entries.findIndex((entry) => entry.id.endsWith(`-${key}`) && entry.messageId === messageId);
		if (index >= 0) return { entry: entries[index]!, position: index + 1 };
	}
	return null;
}

/** Adds a reply; a Message-ID already queued is kept as it is (a mail handled twice after a crash). */
export function putQueued(paths: Paths, entry: QueuedReply): QueuedReply {
	const existing = findQueued(paths, entry.messageId);
	if (existing) return existing.entry;
	writeQueued(paths, entry);
	return entry;
}

export function writeQueued(paths: Paths, entry: QueuedReply): void {
	writeFileAtomic(join(queueDir(paths), paneKeyOf(entry.session), `${entry.id}.json`), JSON.stringify(entry));
}

export function removeQueued(paths: Paths, entry: QueuedReply): void {
	const dir = join(queueDir(paths), paneKeyOf(entry.session));
	try {
		unlinkSync(join(dir, `${entry.id}.json`));
	} catch {
		// already gone
	}
	try {
		rmdirSync(dir); // only when empty: the pane's folder goes with its last reply
	} catch {
		// not empty
	}
}
