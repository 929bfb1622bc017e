/**
 * A word for every reply not typed. Refusals that are not answered one by
 * one (rate limits: a flood must not get a flood back) are collected per
 * sender into one digest, sent when its window closes. The digest lives in
 * a file (atomic writes) with the time it is due, so a restart neither loses
 * nor forgets to send it. Only authenticated whitelisted senders are ever
 * listed; automated mail never is, and the digest itself is marked
 * Auto-Submitted, so no robot can start a loop with it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/validate.js';
import { writeFileAtomic } from '../fs/atomic.js';
import { describeReasonIn } from '../mail/i18n.js';
import { escapeHtml, oneLine, pickLanguage, type OutgoingMail } from '../mail/compose.js';
import type { Paths } from '../fs/paths.js';
import { mailHost } from '../session/token.js';
import { QUEUE_TEXTS } from './queue-texts.js';
import { machineHeaders } from '../mail/outgoing.js';

export interface DigestEntry {
	messageId: string | null;
	subject: string;
	firstLine: string;
	reasons: string[];
	arrivedAt: string;
}

export interface Digest {
	sender: string;
	openedAt: string;
	dueAt: string;
	entries: DigestEntry[];
}

/** A digest opened by a backlog (its window long past) still waits this long, so one catch-up gives one digest. */
const SETTLE_MS = 60_000;
const MAX_ENTRIES = 500;

const digestDir = (paths: Paths) => join(paths.stateDir, 'digests');
const fileOf = (paths: Paths, sender: string) => join(digestDir(paths), `${createHash('sha256').update(sender).digest('hex').slice(0, 16)}.json`);

/** Whether a refusal goes into the digest rather than (or besides) its own answer. */
export function belongsInDigest(decision: { trusted: boolean; from: string | null; automated: boolean; answerable: boolean; reasons: string[] }): boolean {
	if (!decision.trusted || decision.from === null || decision.automated) return false;
	if (decision.reasons.includes('duplicate-message-id')) return false; // a replay of a mail already handled
	return !decision.answerable || decision.reasons.some((reason) => reason.startsWith('rate-limited'));
}

export function listDigests(paths: Paths): Digest[] {
	let names: string[];
	try {
		names = readdirSync(digestDir(paths)).filter((name) => name.endsWith('.json'));
	} catch {
		return [];
	}
	return names.flatMap((name) => {
		try {
			return [JSON.parse(readFileSync(join(digestDir(paths), name), 'utf8')) as Digest];
		} catch {
			return [];
		}
	});
}

/** Adds one refused reply to its sender's open digest (opening one, due when the window closes). */
export function addToDigest(paths: Paths, sender: string, entry: DigestEntry, windowMs: number, now: Date): Digest {
	const file = fileOf(paths, sender);
	let digest: Digest | null = null;
	try {
		digest = JSON.parse(readFileSync(file, 'utf8')) as Digest;
	} catch {
		// none open
	}
	if (!digest) {
		const closes = Math.max(Date.parse(entry.arrivedAt) + windowMs, now.getTime() + SETTLE_MS);
		digest = { sender, openedAt: now.toISOString(), dueAt: new Date(closes).toISOString(), entries: [] };
	}
	if (!digest.entries.some((known) => known.messageId !== null && known.messageId === entry.messageId) && digest.entries.length < MAX_ENTRIES) {
		digest.entries.push({ ...entry, subject: oneLine(entry.subject, 100), firstLine: oneLine(entry.firstLine, 100) });
	}
	writeFileAtomic(file, JSON.stringify(digest));
	return digest;
}

export function composeDigest(digest: Digest, config: Pick<Config, 'emailFrom' | 'language'>): OutgoingMail {
	const language = pickLanguage(config.language);
	const texts = QUEUE_TEXTS[language];
	const entries = [...digest.entries].sort((a, b) => Date.parse(a.arrivedAt) - Date.parse(b.arrivedAt));
	const span = (iso: string | undefined) => (iso ?? digest.openedAt).replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
	const lines = entries.map((entry) => texts.digestLine(entry.subject || '(no subject)', entry.firstLine || texts.noText, entry.reasons.map((code) => describeReasonIn(language, code)).join('; ')));
	const body = [texts.digestHead(entries.length, span(entries[0]?.arrivedAt), span(entries.at(-1)?.arrivedAt)), '', ...lines, '', texts.digestFoot].join('\n');
	return {
		from: config.emailFrom,
		to: [digest.sender],
		subject: texts.digestSubject(entries.length),
		text: `${body}\n`,
		html: `<pre style="white-space:pre-wrap;font-family:inherit">${escapeHtml(body)}</pre>`,
		messageId: `<taskping-digest.${randomBytes(8).toString('hex')}@${mailHost()}>`,
		headers: machineHeaders('auto-replied'),
	};
}

/**
 * Hands every digest whose window has closed to the outbox (durable), then
 * removes it. A crash between the two sends that digest twice, never zero times.
 */
export function sendDueDigests(paths: Paths, config: Pick<Config, 'emailFrom' | 'language'>, answer: (mail: OutgoingMail) => void, now: Date): number {
	let sent = 0;
	for (const digest of listDigests(paths)) {
		if (Date.parse(digest.dueAt) > now.getTime() || digest.entries.length === 0) continue;
		answer(composeDigest(digest, config));
		try {
			unlinkSync(fileOf(paths, digest.sender));
		} catch {
			// already gone
		}
		sent++;
	}
	return sent;
}
