import { join } from 'node:path';
import { readJsonFile, writeFileAtomic } from '../fs/atomic.js';
import type { Paths } from '../fs/paths.js';

/**
 * What a running watcher publishes about itself for `taskping status` and
 * `doctor`: its IMAP connection and the last thing IDLE told it. Only the
 * watcher writes it; it is a report, never read back as state.
 */
export type ImapState = 'connecting' | 'catching-up' | 'idle' | 'reconnecting' | 'stopped';

export interface ImapStatus {
	state: ImapState;
	since: string;
	/** The last EXISTS pushed during IDLE (a new mail), or when IDLE began. */
	lastIdleEvent: { kind: 'exists' | 'idle-start'; at: string } | null;
	lastError: string | null;
	reconnects: number;
	nextRetryAt: string | null;
	capabilities: { idle: boolean; condstore: boolean; keywords: boolean } | null;
}

export interface WatcherStatus {
	pid: number;
	startedAt: string;
	updatedAt: string;
	instanceId: string;
	mailbox: string;
	shared: boolean;
	imap: ImapStatus;
	lastMailAt: string | null;
}

export const statusFileOf = (paths: Paths): string => join(paths.stateDir, 'watcher-status.json');

export const readWatcherStatus = (paths: Paths): WatcherStatus | null => {
	try {
		return readJsonFile<WatcherStatus | null>(statusFileOf(paths), null);
	} catch {
		return null; // a torn report is no report
	}
};

export const initialImapStatus = (now = new Date()): ImapStatus => ({
	state: 'connecting', since: now.toISOString(), lastIdleEvent: null, lastError: null, reconnects: 0, nextRetryAt: null, capabilities: null,
});

/** Keeps the report in memory and rewrites the file on each change; a full disk only costs the report. */
export function createStatusWriter(paths: Paths, base: Omit<WatcherStatus, 'updatedAt' | 'imap' | 'lastMailAt'>): {
	imap: (patch: Partial<ImapStatus>) => void;
	mail: () => void;
	current: () => WatcherStatus;
} {
	const status: WatcherStatus = { ...base, updatedAt: base.startedAt, imap: initialImapStatus(new Date(base.startedAt)), lastMailAt: null };
	const save = () => {
		status.updatedAt = new Date().toISOString();
		try {
			writeFileAtomic(statusFileOf(paths), JSON.stringify(status, null, 2));
		} catch {
			// the watcher's log says why the disk is unwritable
		}
	};
	save();
	return {
		imap: (patch) => {
			if (patch.state && patch.state !== status.imap.state) patch = { since: new Date().toISOString(), ...patch };
			Object.assign(status.imap, patch);
			save();
		},
		mail: () => {
			status.lastMailAt = new Date().toISOString();
			save();
		},
		current: () => status,
	};
}
