/**
 * The catch-up order against a stand-in mailbox: the user's reply behind a
 * backlog of strangers' mail is handled first; mail arriving during a
 * backlog is looked at between batches; the saved position never passes a
 * mail not yet handled, and a restart (a crash at any point) neither skips
 * one nor handles the reply handled out of order again.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ImapFlow, SearchObject } from 'imapflow';
import { catchUp, newBacklog, type CatchUpDeps } from '../../src/watch/catch-up.js';
import type { IncomingMail } from '../../src/watch/handle.js';
import type { ImapPosition } from '../../src/state/processed.js';
import { triageQuery } from '../../src/watch/triage.js';

const TOKEN = 'K7Q2XM9PA4B3C';
const stranger = (i: number) => `From: Mallory <mallory@evil.test>\r\nSubject: offer ${i}\r\nMessage-ID: <s${i}@evil.test>\r\n\r\n`;
const reply = (i: number) => `From: Alice <alice@users.test>\r\nSubject: Re: [TaskPing #${TOKEN}] proj: done\r\nIn-Reply-To: <taskping.${TOKEN}.1@host>\r\nMessage-ID: <r${i}@users.test>\r\n\r\n`;

/** The few IMAP commands catch-up sends, over an array of messages (UID = index + 1). */
class Mailbox {
	messages: string[] = [];
	fetches: string[] = [];
	seen: number[] = [];
	mailbox = { uidValidity: 7n, uidNext: 1, exists: 0 };
	add(raw: string) {
		this.messages.push(raw);
		this.mailbox.exists = this.messages.length;
		this.mailbox.uidNext = this.messages.length + 1;
	}
	/** What a server matches: a header's value contains the term, case-insensitively; every key of a term must match. */
	matches(raw: string, term: SearchObject): boolean {
		const field = (name: string) => raw.split('\r\n').filter((line) => line.toLowerCase().startsWith(`${name}:`)).join(' ').toLowerCase();
		if (term.or) return term.or.some((operand) => this.matches(raw, operand));
		const checks: Array<[string, string | undefined]> = [['from', term.from], ['subject', term.subject], ...Object.entries(term.header ?? {}).map(([name, value]) => [name, String(value)] as [string, string])];
		return checks.every(([name, value]) => value === undefined || field(name).includes(value.toLowerCase()));
	}
	async search(query: SearchObject) {
		this.fetches.push('search');
		const [low, high] = String(query.uid).split(':').map(Number);
		const { uid: _, ...rest } = query;
		return this.messages.map((raw, i) => ({ raw, uid: i + 1 })).filter(({ raw, uid }) => uid >= low! && uid <= high! && this.matches(raw, rest)).map(({ uid }) => uid);
	}
	async fetchAll(range: string, query: { bodyParts?: Array<{ key: string }> }) {
		const key = query.bodyParts?.[0]?.key;
		this.fetches.push(key ?? 'list');
		let uids: number[];
		if (range.endsWith(':*')) {
			const from = Number(range.slice(0, -2));
			uids = this.messages.map((_, i) => i + 1).filter((uid) => uid >= from);
			if (!uids.length && this.messages.length) uids = [this.messages.length]; // `N:*` always matches the highest UID
		} else uids = range.split(',').map(Number);
		return uids.map((uid) => ({ uid, size: this.messages[uid - 1]!.length, headers: key ? Buffer.from(this.messages[uid - 1]!) : undefined }));
	}
	async messageFlagsAdd(uid: string) {
		this.seen.push(Number(uid));
	}
}

function world(box: Mailbox, onHandle: (incoming: IncomingMail) => void) {
	let position: ImapPosition = { uidValidity: '7', lastUid: 0, checkedAt: null };
	const handled: number[] = [];
	const deps: CatchUpDeps = {
		log: () => undefined,
		readPosition: () => position,
		writePosition: (next) => void (position = next),
		handle: async (incoming) => {
			onHandle(incoming);
			handled.push(incoming.uid!);
			return incoming.header.toString().includes('alice@');
		},
		claimKeyword: '$TaskPing_test',
		signal: new AbortController().signal,
		triageQuery: () => triageQuery(['alice@users.test'], [TOKEN, 'B7Q2XM9PA4B3D']),
	};
	return { deps, handled, position: () => position, client: box as unknown as ImapFlow };
}

test('the user\'s reply behind 100 strangers\' mails is handled first; the position then covers everything', async () => {
	const box = new Mailbox();
	for (let i = 0; i < 100; i++) box.add(stranger(i));
	box.add(reply(1));
	const { deps, handled, position, client } = world(box, () => undefined);
	await catchUp(client, deps, newBacklog());
	assert.is(handled[0], 101, 'the reply first');
	assert.equal(handled.slice(1), Array.from({ length: 100 }, (_, i) => i + 1), 'then the rest in UID order');
	assert.equal(box.seen, [101]);
	assert.is(position().lastUid, 101);
	assert.is(position().handledAbove, undefined);
});

test('a reply arriving during a backlog waits for one batch, not for the backlog', async () => {
	const box = new Mailbox();
	for (let i = 0; i < 200; i++) box.add(stranger(i));
	let arrived = -1;
	const { deps, handled, client } = world(box, () => {
		if (handled.length === 30) {
			box.add(reply(2));
			arrived = handled.length;
		}
	});
	await catchUp(client, deps, newBacklog());
	const at = handled.indexOf(201);
	assert.ok(at > arrived && at - arrived <= 25, `handled ${at - arrived} mails after it arrived`);
	assert.is(handled.length, 201);
});

test('when each stranger\'s mail is slow (a loaded machine), a reply arriving mid-batch does not wait for the whole batch', async () => {
	const box = new Mailbox();
	for (let i = 0; i < 40; i++) box.add(stranger(i));
	const { deps, handled, client, position } = world(box, () => {
		if (handled.length === 3) box.add(reply(5));
	});
	const handle = deps.handle;
	deps.handle = async (incoming, claim) => {
		await new Promise((resolve) => setTimeout(resolve, 15));
		return handle(incoming, claim);
	};
	await catchUp(client, deps, newBacklog());
	const at = handled.indexOf(41);
	assert.ok(at > 3 && at < 25, `the reply handled as mail ${at + 1}, within the first batch of 25`);
	assert.equal(handled.filter((uid) => uid !== 41), Array.from({ length: 40 }, (_, i) => i + 1), 'the rest in order, none twice, none left');
	assert.is(position().lastUid, 41);
});

test('a crash anywhere: the saved position never passes an unhandled mail, and the reply handled ahead is not handled again', async () => {
	const box = new Mailbox();
	for (let i = 0; i < 60; i++) box.add(stranger(i));
	box.add(reply(3));
	for (let i = 60; i < 80; i++) box.add(stranger(i));
	const first = world(box, (incoming) => {
		if (incoming.uid === 40) throw new Error('killed');
	});
	await catchUp(first.client, first.deps, newBacklog()).catch(() => undefined);
	const saved = first.position();
	assert.is(saved.lastUid, 25, 'the last whole batch');
	assert.equal(saved.handledAbove, [61]);
	// The restarted watcher: a fresh connection, the saved position.
	const second = world(box, () => undefined);
	second.deps.readPosition = () => saved;
	await catchUp(second.client, second.deps, newBacklog());
	assert.equal(second.handled, Array.from({ length: 81 }, (_, i) => i + 1).filter((uid) => uid > 25 && uid !== 61));
	assert.is(second.position().lastUid, 81);
});

test('a server that refuses the search: everything is handled, in arrival order', async () => {
	const box = new Mailbox();
	for (let i = 0; i < 30; i++) box.add(stranger(i));
	box.add(reply(4));
	box.search = async () => {
		throw new Error('BAD search');
	};
	const { deps, handled, position, client } = world(box, () => undefined);
	await catchUp(client, deps, newBacklog());
	assert.equal(handled, Array.from({ length: 31 }, (_, i) => i + 1));
	assert.is(position().lastUid, 31);
});

test('triage asks for a whitelisted From with a live token in Subject, In-Reply-To or References; nothing when no session is live', () => {
	const box = new Mailbox();
	const query = triageQuery(['alice@users.test', 'bob@users.test'], [TOKEN])!;
	const yes = (raw: string) => box.matches(raw, query);
	assert.ok(yes(reply(1)));
	assert.ok(yes(`From: Bob <BOB@users.test>\r\nReferences: <a@b> <taskping.${TOKEN}.9@host>\r\n\r\n`));
	assert.not.ok(yes(reply(1).replace('alice@users.test', 'mallory@evil.test')), 'not whitelisted');
	assert.not.ok(yes(reply(1).replaceAll(TOKEN, 'AAAAAAAAAAAAA')), 'no live token');
	assert.not.ok(yes(`From: Mallory <mallory@evil.test>\r\nSubject: alice@users.test [TaskPing #${TOKEN}]\r\n\r\n`), 'the address elsewhere than From');
	assert.is(triageQuery(['alice@users.test'], []), null);
	assert.is(triageQuery([], [TOKEN]), null);
	// Many sessions: the senders alone, still only an order.
	assert.equal(triageQuery(['alice@users.test'], Array.from({ length: 200 }, (_, i) => `T${i}`)), { from: 'alice@users.test' });
});

test.run();
