import { readJsonFile, writeFileAtomic } from '../fs/atomic.js';
import type { Paths } from '../paths.js';

/**
 * What the watcher remembers across restarts: the IMAP position (UIDVALIDITY
 * + last UID handled) and every Message-ID it handled, with the outcome.
 * An entry is written as `typing` BEFORE the pane is touched, so a crash
 * between typing and recording can never lead to typing twice.
 */
export interface ImapPosition {
	uidValidity: string | null;
	lastUid: number;
	checkedAt: string | null;
}

export interface ProcessedEntry {
	at: string;
	uid: number | null;
	state: 'typing' | 'done';
	accepted: boolean;
	reasons: string[];
}

export type Processed = Record<string, ProcessedEntry>;

const KEEP_DAYS = 30;
const KEEP_MAX = 20_000;

export const readPosition = (paths: Paths): ImapPosition => readJsonFile(paths.imapStateFile, { uidValidity: null, lastUid: 0, checkedAt: null });

export const writePosition = (paths: Paths, position: ImapPosition): void => writeFileAtomic(paths.imapStateFile, JSON.stringify(position));

export const readProcessed = (paths: Paths): Processed => readJsonFile<Processed>(paths.processedFile, {});

/** Saves the map, dropping entries older than 30 days (and the oldest past 20,000), so state stays bounded. */
export function writeProcessed(paths: Paths, processed: Processed, now = new Date()): Processed {
	const cutoff = now.getTime() - KEEP_DAYS * 86_400_000;
	const kept = Object.entries(processed)
		.filter(([, entry]) => Date.parse(entry.at) >= cutoff)
		.sort(([, a], [, b]) => Date.parse(b.at) - Date.parse(a.at))
		.slice(0, KEEP_MAX);
	const next = Object.fromEntries(kept);
	writeFileAtomic(paths.processedFile, JSON.stringify(next));
	return next;
}
