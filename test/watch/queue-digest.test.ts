/**
 * The pure parts of issue 19 on fixtures: arrival time from the server's
 * stamps only, the reply queue's files (arrival order, idempotent by
 * Message-ID, one folder per pane), digests (who goes in, when one is due,
 * what it says, that it survives a reload) and the last day's reply counts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resolvePaths } from '../../src/fs/paths.js';
import type { SessionRecord } from '../../src/session/store.js';
import { arrivalOf, receivedDate, topReceivedDate } from '../../src/watch/arrival.js';
import { addToDigest, belongsInDigest, type composeDigest, listDigests, sendDueDigests } from '../../src/watch/digest.js';
import { findQueued, listPane, listQueue, paneKeyOf, putQueued, queueIdFor, removeQueued, type QueuedReply } from '../../src/watch/reply-queue.js';
import { classifyOutcome, gatherReplyStats } from '../../src/watch/reply-stats.js';

const handledAt = new Date('2026-12-07T12:00:00Z');

test('arrival: INTERNALDATE first, then the topmost Received line, never the future, never the Date header', () => {
	const lines = [
		{ key: 'received', line: 'Received: from mx.taskping.test by imap (Dovecot) with LMTP;\r\n\tMon, 07 Dec 2026 10:00:00 +0000' },
		{ key: 'received', line: 'Received: from client by mx; Mon, 07 Dec 2026 09:00:00 +0000' },
		{ key: 'date', line: 'Date: Mon, 07 Dec 2020 00:00:00 +0000' },
	];
	assert.equal(arrivalOf({ internalDate: new Date('2026-12-07T11:00:00Z'), headerLines: lines, handledAt }), { at: new Date('2026-12-07T11:00:00Z'), source: 'internaldate' });
	assert.equal(arrivalOf({ headerLines: lines, handledAt }), { at: new Date('2026-12-07T10:00:00Z'), source: 'received' });
	// A server clock a minute ahead counts as now; hours ahead is not believed.
	assert.equal(arrivalOf({ internalDate: new Date('2026-12-07T12:01:00Z'), handledAt }).at, handledAt);
	assert.equal(arrivalOf({ internalDate: new Date('2026-12-07T15:00:00Z'), handledAt }), { at: handledAt, source: 'handled' });
	assert.equal(arrivalOf({ handledAt }), { at: handledAt, source: 'handled' });
	assert.is(receivedDate('from x by y (comment; with semicolon)'), null);
	assert.equal(receivedDate('from x by y; Mon, 7 Dec 2026 10:00:00 +0100 (CET)'), new Date('2026-12-07T09:00:00Z'));
	assert.is(topReceivedDate([]), null);
});

function world() {
	const home = mkdtempSync(join(tmpdir(), 'taskping-queue-'));
	return { paths: resolvePaths({ TASKPING_HOME: home, HOME: home }), done: () => rmSync(home, { recursive: true, force: true }) };
}

const session = (pane: string): SessionRecord => ({
	token: 'K7Q2XM9PA4B3C', tmux: { socket: '/tmp/tmux-0/default', pane }, claudeSessionId: 's', claudeConfigDir: null, cwd: '/p/shop-api', transcriptPath: '/nonexistent',
	createdAt: handledAt.toISOString(), refreshedAt: handledAt.toISOString(), expiresAt: '2026-12-08T12:00:00Z', recipients: [], messageIds: [],
});

const entry = (messageId: string, arrivedAt: string, pane = '%1', uid = 1): QueuedReply => ({
	id: queueIdFor(new Date(arrivedAt), uid, messageId), messageId, uid, from: 'alice@users.test', subject: 'Re: x', answerable: true, session: session(pane), text: `text of ${messageId}`,
	arrivedAt, queuedAt: handledAt.toISOString(), deadline: '2026-12-08T12:00:00Z',
});

test('queue: per pane in arrival order (not handling order), idempotent by Message-ID, folders go with their last reply', () => {
	const { paths, done } = world();
	try {
		putQueued(paths, entry('<b@x>', '2026-12-07T11:00:00Z', '%1', 2));
		putQueued(paths, entry('<a@x>', '2026-12-07T10:00:00Z', '%1', 9));
		putQueued(paths, entry('<c@x>', '2026-12-07T10:30:00Z', '%2', 3));
		const again = putQueued(paths, { ...entry('<a@x>', '2026-12-07T10:00:00Z', '%1', 9), text: 'changed' });
		assert.is(again.text, 'text of <a@x>', 'a reply handled twice keeps its first entry');
		const pane1 = paneKeyOf(session('%1'));
		assert.equal(listPane(paths, pane1).map((e) => e.messageId), ['<a@x>', '<b@x>']);
		assert.is(listQueue(paths).length, 3);
		assert.is(findQueued(paths, '<b@x>')?.position, 2);
		assert.is(findQueued(paths, '<nope@x>'), null);
		for (const queued of listQueue(paths)) removeQueued(paths, queued);
		assert.is(listQueue(paths).length, 0);
	} finally {
		done();
	}
});

test('digest: only authenticated whitelisted, non-automated, non-replayed refusals; due when the window closes; survives a reload; one mail naming each', () => {
	const base = { trusted: true, from: 'alice@users.test', automated: false, answerable: false, reasons: ['rate-limited-session'] };
	assert.ok(belongsInDigest(base));
	assert.ok(belongsInDigest({ ...base, answerable: true }), 'the first rate-limited refusal (answered at once) is listed too');
	assert.not.ok(belongsInDigest({ ...base, trusted: false }), 'outsiders get nothing');
	assert.not.ok(belongsInDigest({ ...base, automated: true }), 'automatic mail is never answered');
	assert.not.ok(belongsInDigest({ ...base, reasons: ['duplicate-message-id'] }));
	assert.not.ok(belongsInDigest({ ...base, answerable: true, reasons: ['expired-token'] }), 'answered one by one');
	const { paths, done } = world();
	try {
		const window = 10 * 60_000;
		for (let i = 1; i <= 3; i++) {
			addToDigest(paths, 'alice@users.test', { messageId: `<m${i}@x>`, subject: `Re: [TaskPing #K7Q2XM9PA4B3C] shop-api: reply ${i}`, firstLine: `do step ${i}\nsecond line`, reasons: ['rate-limited-session'], arrivedAt: new Date(handledAt.getTime() + i * 1000).toISOString() }, window, new Date(handledAt.getTime() + i * 1000));
		}
		addToDigest(paths, 'alice@users.test', { messageId: '<m1@x>', subject: 'dup', firstLine: 'dup', reasons: [], arrivedAt: handledAt.toISOString() }, window, handledAt);
		const [digest] = listDigests(paths);
		assert.is(digest!.entries.length, 3);
		assert.is(digest!.dueAt, new Date(handledAt.getTime() + 1000 + window).toISOString());
		const sent: Array<ReturnType<typeof composeDigest>> = [];
		const config = { emailFrom: 'service@taskping.test', language: 'en' };
		assert.is(sendDueDigests(paths, config, (mail) => sent.push(mail), new Date(handledAt.getTime() + 5 * 60_000)), 0, 'not before the window closes');
		assert.is(sendDueDigests(paths, config, (mail) => sent.push(mail), new Date(handledAt.getTime() + 11 * 60_000)), 1);
		assert.is(listDigests(paths).length, 0);
		const mail = sent[0]!;
		assert.is(mail.subject, '[TaskPing] 3 replies were not typed');
		assert.equal(mail.to, ['alice@users.test']);
		assert.is(mail.headers['Auto-Submitted'], 'auto-replied');
		for (let i = 1; i <= 3; i++) assert.ok(mail.text.includes(`"do step ${i} second line"`) && mail.text.includes(`shop-api: reply ${i}`), mail.text);
		assert.ok(mail.text.includes('TASKPING_RATE_PER_SESSION'));
		// A backlog: the window closed long ago, but the digest still waits a minute to gather the rest.
		addToDigest(paths, 'alice@users.test', { messageId: '<old@x>', subject: 's', firstLine: 'l', reasons: ['rate-limited-sender'], arrivedAt: '2026-12-07T08:00:00Z' }, window, handledAt);
		assert.is(listDigests(paths)[0]!.dueAt, new Date(handledAt.getTime() + 60_000).toISOString());
	} finally {
		done();
	}
});

test('reply stats: the last day, typed / queued / refused with and without an answer', () => {
	const { paths, done } = world();
	try {
		const at = (hoursAgo: number) => new Date(handledAt.getTime() - hoursAgo * 3_600_000).toISOString();
		const lines = [
			{ at: at(1), typed: true, accepted: true },
			{ at: at(1), typed: false, queued: true, accepted: true, trusted: true },
			{ at: at(2), typed: false, queued: false, answered: 'mail', trusted: true, reasons: ['expired-token'] },
			{ at: at(2), typed: false, queued: false, answered: 'digest', trusted: true, reasons: ['rate-limited-session'] },
			{ at: at(3), typed: false, queued: false, answered: 'none', trusted: true, reasons: ['x'] },
			{ at: at(3), typed: false, queued: false, answered: 'none', trusted: false, reasons: ['sender-not-allowed'] },
			{ at: at(3), typed: false, answered: 'none', trusted: true, automated: true, reasons: ['automated:auto-submitted'] },
			{ at: at(30), typed: true, accepted: true },
		];
		mkdirSync(paths.stateDir, { recursive: true });
		writeFileSync(paths.outcomesFile, `${lines.map((line) => JSON.stringify(line)).join('\n')}\nnot json\n`);
		const stats = gatherReplyStats(paths, handledAt);
		assert.equal({ ...stats, since: undefined }, { since: undefined, typed: 1, queued: 1, refusedAnswered: 2, refusedSilently: 1, outsiders: 1, ignored: 1 });
		assert.is(classifyOutcome({ accepted: false, reasons: ['x'] }), null, 'an old line without the new fields is not guessed at');
	} finally {
		done();
	}
});

test.run();
