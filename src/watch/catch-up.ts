import type { FetchMessageObject, ImapFlow, MessageStructureObject, SearchObject } from 'imapflow';
import type { MailPart } from '../verify/decide-body.js';
import type { Logger } from '../fs/log.js';
import { claimMessage, type Claim } from './claim.js';
import type { IncomingMail } from './handle.js';
import { HEADER_LIMIT } from './header-block.js';
import type { ImapPosition } from '../state/processed.js';

export interface CatchUpDeps {
	log: Logger;
	readPosition: () => ImapPosition;
	writePosition: (position: ImapPosition) => void;
	/** Handles one new message given its header block; true when it may be flagged \Seen (imap.ts). */
	handle: (incoming: IncomingMail, claim: () => Promise<Claim>) => Promise<boolean>;
	claimKeyword: string;
	signal: AbortSignal;
	/** The SEARCH for mail that looks like the user's reply (triage.ts), handled first; null: none can be ours. */
	triageQuery?: () => SearchObject | null;
}

/**
 * What one connection knows about mail above the saved position: every UID
 * up to `listedUpTo` is handled, or waits in `candidates` (looks like the
 * user's reply: handled first) or in `waiting` (the rest, in UID order).
 */
export interface Backlog { listedUpTo: number; candidates: number[]; waiting: number[] }

export const newBacklog = (): Backlog => ({ listedUpTo: 0, candidates: [], waiting: [] });

/** Header blocks per FETCH: bounds memory (HEADER_BATCH × HEADER_LIMIT) and round trips alike. */
const HEADER_BATCH = 25;
/** How often new mail is looked for within a batch: what a reply behind a flood waits at most, besides one mail. */
const LOOK_EVERY_MS = 200;

/**
 * Handles every message above the saved position: mail that looks like the
 * user's reply first, then the rest in UID order, a batch at a time, looking
 * for new mail between batches (so a reply arriving behind a flood waits for
 * one batch, not for the flood). The saved position is the highest UID below
 * which everything is handled, plus the UIDs above it handled out of order
 * (`handledAbove`): a restart resumes exactly there. On the first run the
 * mailbox's old mail is skipped, not executed.
 */
export async function catchUp(client: ImapFlow, deps: CatchUpDeps, backlog: Backlog): Promise<void> {
	const mailbox = client.mailbox;
	if (!mailbox) return;
	const uidValidity = String(mailbox.uidValidity);
	let position = deps.readPosition();
	if (position.uidValidity === null) {
		position = { uidValidity, lastUid: mailbox.uidNext - 1, checkedAt: new Date().toISOString() };
		deps.writePosition(position);
		deps.log('info', 'mailbox-first-run', { skipped: mailbox.exists });
		backlog.listedUpTo = position.lastUid;
		return;
	}
	if (position.uidValidity !== uidValidity) {
		// UIDs were renumbered: look again at the last day; Message-IDs already handled are skipped downstream.
		const since = new Date(Date.parse(position.checkedAt ?? new Date().toISOString()) - 86_400_000);
		const uids = (await client.search({ since }, { uid: true })) || [];
		deps.log('warn', 'uidvalidity-changed', { was: position.uidValidity, now: uidValidity, rechecking: uids.length });
		position = { uidValidity, lastUid: Math.min(...uids, mailbox.uidNext) - 1, checkedAt: position.checkedAt };
		Object.assign(backlog, newBacklog());
	}
	const handledAbove = new Set(position.handledAbove ?? []);
	const save = () => {
		const pending = Math.min(backlog.candidates[0] ?? Infinity, backlog.waiting[0] ?? Infinity);
		const lastUid = Math.max(position.lastUid, Math.min(pending - 1, backlog.listedUpTo));
		const above = [...handledAbove].filter((uid) => uid > lastUid).sort((a, b) => a - b);
		position = { uidValidity, lastUid, checkedAt: new Date().toISOString(), ...(above.length ? { handledAbove: above } : {}) };
		deps.writePosition(position);
	};
	const handleOne = async (message: FetchMessageObject): Promise<void> => {
		const { uid } = message;
		const internalDate = message.internalDate ? new Date(message.internalDate) : null;
		const incoming: IncomingMail = { uid, header: message.headers ?? Buffer.alloc(0), size: message.size ?? 0, internalDate, readBody: () => fetchSource(client, uid), readParts: () => fetchParts(client, uid) };
		const seen = await deps.handle(incoming, () => claimMessage(client, uid, deps.claimKeyword));
		// Saved after each of our mails, once per batch for the rest: a stranger's mail
		// handled again after a crash is refused again, and a flood costs one write per batch.
		if (seen) {
			handledAbove.add(uid);
			save();
			await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
		}
	};
	// The message count when this call last listed: new mail raises it (imapflow keeps it from
	// the server's EXISTS), so between batches the list is asked for only when there is some.
	let listedAt: number | null = null;
	let listedTime = 0;
	for (;;) {
		if (deps.signal.aborted) return;
		if (listedAt !== mailbox.exists) {
			listedAt = mailbox.exists;
			listedTime = performance.now();
			// (No shortcut on mailbox.uidNext: imapflow does not update it on EXISTS.)
			const from = Math.max(position.lastUid, backlog.listedUpTo);
			const fresh = mailbox.exists === 0 ? [] : await listAbove(client, from, handledAbove);
			if (fresh.length) backlog.listedUpTo = fresh[fresh.length - 1]!;
			// One new mail and nothing waiting: it is next anyway, the server need not be asked.
			if (fresh.length === 1 && !backlog.waiting.length && !backlog.candidates.length) backlog.waiting.push(fresh[0]!);
			else if (fresh.length) await triage(client, fresh, backlog, deps);
		}
		if (backlog.candidates.length) {
			const uid = backlog.candidates.shift()!;
			for (const message of await fetchHeads(client, [uid])) await handleOne(message);
			save();
			continue;
		}
		if (!backlog.waiting.length) break;
		// The batch leaves `waiting` a mail at a time, once handled: a position saved meanwhile never passes one not yet handled.
		const batch = backlog.waiting.slice(0, HEADER_BATCH);
		const dropThrough = (uid: number) => {
			while (backlog.waiting.length && backlog.waiting[0]! <= uid) backlog.waiting.shift();
		};
		let whole = true;
		for (const message of await fetchHeads(client, batch)) {
			if (deps.signal.aborted) return;
			await handleOne(message);
			dropThrough(message.uid);
			// New mail while a batch of strangers' mail is slow (a loaded machine): look at it now, not
			// after the batch; the rest of the batch keeps its place in `waiting`.
			if (mailbox.exists !== listedAt && performance.now() - listedTime > LOOK_EVERY_MS) {
				whole = false;
				break;
			}
		}
		if (whole) dropThrough(batch[batch.length - 1]!); // expunged meanwhile
		save();
	}
	if (position.lastUid < backlog.listedUpTo) save();
}

/** UIDs above `from`, ascending, without those already handled out of order. */
async function listAbove(client: ImapFlow, from: number, handled: Set<number>): Promise<number[]> {
	// `N:*` always matches the highest UID even when it is below N, hence the filter.
	const listed = await client.fetchAll(`${from + 1}:*`, { uid: true }, { uid: true });
	return listed.map((m) => m.uid).filter((uid) => uid > from && !handled.has(uid)).sort((a, b) => a - b);
}

/**
 * Sorts new UIDs into candidates and the rest: one UID SEARCH, the server reads the headers.
 * Only an order: when it fails (a server that refuses the search), everything waits its turn.
 */
async function triage(client: ImapFlow, fresh: number[], backlog: Backlog, deps: CatchUpDeps): Promise<void> {
	let found = new Set<number>();
	try {
		const query = deps.triageQuery?.() ?? null;
		const uids = query ? await client.search({ ...query, uid: `${fresh[0]}:${fresh[fresh.length - 1]}` }, { uid: true }) : [];
		if (uids === false) throw new Error('the server refused the search');
		found = new Set(uids);
	} catch (error) {
		deps.log('warn', 'triage-failed', { error: (error as Error).message, effect: 'new mail is handled in arrival order' });
	}
	for (const uid of fresh) (found.has(uid) ? backlog.candidates : backlog.waiting).push(uid);
}

/**
 * Header blocks only, a few dozen per round trip, in UID order: a flood of strangers' mail
 * costs one small fetch per batch. INTERNALDATE: when the server received it; replies
 * are judged as at that time (arrival.ts).
 */
async function fetchHeads(client: ImapFlow, uids: number[]): Promise<FetchMessageObject[]> {
	const heads = await client.fetchAll(uids.join(','), { uid: true, size: true, internalDate: true, bodyParts: [{ key: 'HEADER', start: 0, maxLength: HEADER_LIMIT }] }, { uid: true });
	return heads.sort((a, b) => a.uid - b.uid);
}

/** The whole mail, for the body stage; the header stage has already refused anything over MAX_MAIL_BYTES. */
async function fetchSource(client: ImapFlow, uid: number): Promise<Buffer | null> {
	const full = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
	return full && full.source ? full.source : null;
}

/** The leaf parts of a mail as the server describes them (BODYSTRUCTURE), nested messages included. */
async function fetchParts(client: ImapFlow, uid: number): Promise<MailPart[] | null> {
	const message = await client.fetchOne(String(uid), { uid: true, bodyStructure: true }, { uid: true });
	if (!message || !message.bodyStructure) return null;
	const parts: MailPart[] = [];
	const walk = (node: MessageStructureObject) => {
		if (node.childNodes?.length) node.childNodes.forEach(walk);
		else parts.push({ type: node.type ?? '', disposition: node.disposition ?? null, size: node.size ?? 0 });
	};
	walk(message.bodyStructure);
	return parts;
}
