import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ensurePrivateDir, readJsonFile, stateWriteError, writeFileAtomic } from '../fs/atomic.js';
import type { Paths } from '../fs/paths.js';

/**
 * What the watcher remembers across restarts: the IMAP position (UIDVALIDITY
 * + last UID handled) and every Message-ID it handled, with the outcome.
 * An entry is written as `checking` BEFORE a body is read and `typing` BEFORE
 * the pane is touched, so a crash can never lead to typing twice, nor to
 * hanging on the same poisonous mail after every restart.
 */
export interface ImapPosition {
	uidValidity: string | null;
	lastUid: number;
	checkedAt: string | null;
	/** UIDs above lastUid already handled: the user's reply handled ahead of a stranger backlog (catch-up.ts). */
	handledAbove?: number[];
}

export interface ProcessedEntry {
	at: string;
	uid: number | null;
	/** `checking`: the body was being read and checked (a watcher that finds it after a restart refuses the mail as too-complex). */
	/** `queued`: waiting in the reply queue (reply-queue.ts), which settles it to `done`. */
	state: 'checking' | 'typing' | 'queued' | 'done';
	accepted: boolean;
	reasons: string[];
}

export type Processed = Record<string, ProcessedEntry>;

const KEEP_DAYS = 30;
const KEEP_MAX = 20_000;

export const readPosition = (paths: Paths): ImapPosition => readJsonFile(paths.imapStateFile, { uidValidity: null, lastUid: 0, checkedAt: null });

export const writePosition = (paths: Paths, position: ImapPosition): void => writeFileAtomic(paths.imapStateFile, JSON.stringify(position));

/**
 * The processed map lives in memory. Each change is one appended, fsync'd
 * line of processed.jsonl (the journal); processed.json is a compacted
 * snapshot, rewritten only when the journal outgrows the map. So recording a
 * reply costs the same after 20,000 mails as after 20 (rewriting the whole
 * map per mail made the 20,000th reply ~0.4 s slower than the first). The
 * cache is re-read whenever either file changed behind this process's back.
 */
interface ProcessedCache {
	file: string;
	map: Processed;
	/** Entries in processed.json: the journal is folded in once it is longer (bounds both files and the map). */
	snapshotSize: number;
	journalLines: number;
	/** mtime + size of both files as this process last saw or left them. */
	stamp: string;
}

let cache: ProcessedCache | null = null;

const journalOf = (paths: Paths) => paths.processedFile.replace(/\.json$/, '.jsonl');

function stampOf(paths: Paths): string {
	const one = (file: string) => {
		try {
			const stat = statSync(file);
			return `${stat.mtimeMs}:${stat.size}`;
		} catch {
			return '-';
		}
	};
	return `${one(paths.processedFile)}|${one(journalOf(paths))}`;
}

function loadProcessed(paths: Paths): ProcessedCache {
	const stamp = stampOf(paths);
	if (cache && cache.file === paths.processedFile && cache.stamp === stamp) return cache;
	ensurePrivateDir(dirname(paths.processedFile));
	const map = readJsonFile<Processed>(paths.processedFile, {});
	const snapshotSize = Object.keys(map).length;
	let journalLines = 0;
	let journal = '';
	try {
		journal = readFileSync(journalOf(paths), 'utf8');
	} catch {
		// no journal yet
	}
	for (const line of journal.split('\n')) {
		if (!line) continue;
		try {
			const [id, entry] = JSON.parse(line) as [string, ProcessedEntry];
			map[id] = entry;
			journalLines++;
		} catch {
			// a torn last line after a crash: that entry was never acted on
		}
	}
	cache = { file: paths.processedFile, map, snapshotSize, journalLines, stamp };
	return cache;
}

export const readProcessed = (paths: Paths): Processed => loadProcessed(paths).map;

/** Records one Message-ID's outcome durably (one appended line), compacting now and then. */
export function recordProcessed(paths: Paths, messageId: string, entry: ProcessedEntry, now = new Date()): void {
	const state = loadProcessed(paths);
	const fd = openSync(journalOf(paths), 'a', 0o600);
	const before = fstatSync(fd).size;
	try {
		writeSync(fd, `${JSON.stringify([messageId, entry])}\n`);
		fsyncSync(fd);
	} catch (error) {
		// A half-written line (disk full) would swallow the next one too: cut it off again.
		try {
			ftruncateSync(fd, before);
		} catch {
			// the loader skips a torn line anyway
		}
		throw stateWriteError(journalOf(paths), error);
	} finally {
		closeSync(fd);
	}
	// Only what is on disk counts as recorded.
	state.map[messageId] = entry;
	state.journalLines++;
	if (state.journalLines > Math.max(1000, state.snapshotSize)) {
		// Snapshot first, then empty the journal: a crash between the two only replays entries already in the snapshot.
		state.map = writeProcessed(paths, state.map, now);
		state.snapshotSize = Object.keys(state.map).length;
		writeFileAtomic(journalOf(paths), '');
		state.journalLines = 0;
	}
	state.stamp = stampOf(paths);
}

/** Saves the map, dropping entries older than 30 days (and the oldest past 20,000), so state stays bounded. */
function writeProcessed(paths: Paths, processed: Processed, now = new Date()): Processed {
	const cutoff = now.getTime() - KEEP_DAYS * 86_400_000;
	const kept = Object.entries(processed)
		.filter(([, entry]) => Date.parse(entry.at) >= cutoff)
		.sort(([, a], [, b]) => Date.parse(b.at) - Date.parse(a.at))
		.slice(0, KEEP_MAX);
	const next = Object.fromEntries(kept);
	writeFileAtomic(paths.processedFile, JSON.stringify(next));
	return next;
}

/** Marks a `typing` entry settled, after reconciling it on restart. */
export function settleEntry(paths: Paths, messageId: string, entry: Omit<ProcessedEntry, 'state'>, now = new Date()): void {
	recordProcessed(paths, messageId, { ...entry, state: 'done' }, now);
}

/**
 * This state dir's own name on the shared mailbox: random, made once, so two
 * machines (or two homes) never take each other's claims for their own —
 * even cloned ones with the same host name and paths.
 */
export function readInstanceId(paths: Paths): string {
	const file = join(paths.stateDir, 'instance-id');
	try {
		const id = readFileSync(file, 'utf8').trim();
		if (/^[0-9a-f]{12}$/.test(id)) return id;
	} catch {
		// first run
	}
	const id = randomBytes(6).toString('hex');
	writeFileAtomic(file, `${id}\n`);
	return id;
}

const OUTCOMES_MAX_BYTES = 1024 * 1024;
const OUTCOMES_KEEP_LINES = 2000;

/** Keeps outcomes.jsonl (appended once per mail, for people and `status`) to its newest lines. */
export function trimOutcomes(paths: Paths): boolean {
	try {
		if (statSync(paths.outcomesFile).size <= OUTCOMES_MAX_BYTES) return false;
		const lines = readFileSync(paths.outcomesFile, 'utf8').split('\n').filter(Boolean);
		writeFileAtomic(paths.outcomesFile, `${lines.slice(-OUTCOMES_KEEP_LINES).join('\n')}\n`);
		return true;
	} catch {
		return false; // missing, or the disk is full: the next sweep tries again
	}
}
