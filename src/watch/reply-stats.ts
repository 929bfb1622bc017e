import { readFileSync } from 'node:fs';
import type { Paths } from '../fs/paths.js';

/**
 * What happened to the replies of the last day, from outcomes.jsonl (one
 * line per handled mail, one more when a queued reply is settled). The
 * figure to watch is `refusedSilently`: a reply from the authenticated,
 * whitelisted user that was neither typed nor answered. It should stay 0.
 */
export interface ReplyStats {
	since: string;
	typed: number;
	/** Had to wait for their pane (busy Claude, half-typed box, dialog). */
	queued: number;
	/** Not typed, and the sender was told: in its own answer or in a digest. */
	refusedAnswered: number;
	/** Not typed, from the authenticated user, and nobody told them. */
	refusedSilently: number;
	/** Mail from outsiders or unauthenticated senders: never answered, by design (no backscatter). */
	outsiders: number;
	/** Automatic mail and replays of mail already handled: nothing to type, never answered (no loops). */
	ignored: number;
}

const DAY_MS = 86_400_000;

interface OutcomeLine {
	at?: string;
	accepted?: boolean;
	typed?: boolean;
	queued?: boolean;
	answered?: 'mail' | 'digest' | 'none';
	trusted?: boolean;
	automated?: boolean;
	replay?: boolean;
	reasons?: string[];
}

export function classifyOutcome(line: OutcomeLine): keyof Omit<ReplyStats, 'since'> | null {
	if (line.typed === true || (line.typed === undefined && line.accepted === true)) return 'typed';
	if (line.queued === true) return 'queued';
	if (line.replay || line.automated || line.reasons?.includes('duplicate-message-id')) return 'ignored';
	if (line.answered === 'mail' || line.answered === 'digest') return 'refusedAnswered';
	if (line.trusted === false) return 'outsiders';
	if (line.trusted === true) return 'refusedSilently';
	return null; // a line written before these fields existed
}

export function gatherReplyStats(paths: Paths, now = new Date()): ReplyStats {
	const since = now.getTime() - DAY_MS;
	const stats: ReplyStats = { since: new Date(since).toISOString(), typed: 0, queued: 0, refusedAnswered: 0, refusedSilently: 0, outsiders: 0, ignored: 0 };
	let text = '';
	try {
		text = readFileSync(paths.outcomesFile, 'utf8'); // trimmed to ~1 MB by the watcher
	} catch {
		return stats;
	}
	for (const raw of text.split('\n')) {
		if (!raw) continue;
		let line: OutcomeLine;
		try {
			line = JSON.parse(raw);
		} catch {
			continue;
		}
		if (!(Date.parse(line.at ?? '') >= since)) continue;
		const kind = classifyOutcome(line);
		if (kind) stats[kind]++;
	}
	return stats;
}
