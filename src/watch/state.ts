import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
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

/** Marks a `typing` entry settled, after reconciling it on restart. */
export function settleEntry(paths: Paths, messageId: string, entry: Omit<ProcessedEntry, 'state'>, now = new Date()): void {
	const processed = readProcessed(paths);
	processed[messageId] = { ...entry, state: 'done' };
	writeProcessed(paths, processed, now);
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
