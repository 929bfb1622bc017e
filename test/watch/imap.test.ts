/**
 * The mailbox loop against a stand-in IMAP client: a jump of the wall clock
 * (the laptop slept) drops the connection and catches up on a new one; the
 * status the watcher publishes follows each step; abort stops it cleanly.
 */
import { EventEmitter } from 'node:events';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ImapFlow } from 'imapflow';
import { resolveConfig } from '../../src/config/validate.js';
import { watchMailbox } from '../../src/watch/imap.js';
import type { ImapPosition } from '../../src/state/processed.js';
import type { ImapStatus } from '../../src/state/status-file.js';

class FakeClient extends EventEmitter {
	capabilities = new Set(['IDLE']);
	enabled = new Set(['CONDSTORE']);
	mailbox = { uidValidity: 7n, uidNext: 1, exists: 0, permanentFlags: new Set(['\\*']) };
	closed = false;
	async connect() {}
	async mailboxOpen() {
		return this.mailbox;
	}
	async logout() {
		this.close();
	}
	close() {
		if (this.closed) return;
		this.closed = true;
		this.emit('close');
	}
}

const config = resolveConfig({}, { SMTP_HOST: 'smtp.test', SMTP_USER: 'u', SMTP_PASS: 'p', IMAP_HOST: 'imap.test', IMAP_PORT: '993', EMAIL_TO: 'me@x.test', ALLOWED_SENDERS: 'me@x.test', TASKPING_IDLE_DELAY_MS: '300' });

test('a wall-clock jump (sleep) drops the connection; a new one catches up; status follows; abort stops', async () => {
	const clients: FakeClient[] = [];
	const events: string[] = [];
	const statuses: Array<Partial<ImapStatus>> = [];
	let position: ImapPosition = { uidValidity: null, lastUid: 0, checkedAt: null };
	const controller = new AbortController();
	let ready = 0;
	const realNow = Date.now;
	const done = watchMailbox({
		config,
		log: (_level, event) => void events.push(event),
		signal: controller.signal,
		claimKeyword: '$TaskPing_test',
		readPosition: () => position,
		writePosition: (next) => void (position = next),
		handle: async () => false,
		onReady: () => void ready++,
		onStatus: (patch) => void statuses.push(patch),
		createClient: () => {
			const client = new FakeClient();
			clients.push(client);
			return client as unknown as ImapFlow;
		},
		sleepCheckMs: 50,
	});
	try {
		while (ready < 1) await new Promise((resolve) => setTimeout(resolve, 10));
		assert.is(position.uidValidity, '7', 'first run recorded the position');
		Date.now = () => realNow() + 120_000; // the machine slept two minutes
		while (!events.includes('clock-jump')) await new Promise((resolve) => setTimeout(resolve, 10));
		Date.now = realNow;
		while (ready < 2) await new Promise((resolve) => setTimeout(resolve, 20));
	} finally {
		Date.now = realNow;
	}
	assert.is(clients.length, 2);
	assert.ok(clients[0]!.closed);
	assert.ok(events.includes('imap-closed'));
	const states = statuses.map((s) => s.state).filter(Boolean);
	assert.equal(states, ['connecting', 'catching-up', 'idle', 'reconnecting', 'connecting', 'catching-up', 'idle']);
	assert.is(statuses.find((s) => s.state === 'reconnecting')!.reconnects, 1);
	controller.abort();
	await done;
	assert.is(statuses.at(-1)!.state, 'stopped');
	assert.ok(clients[1]!.closed);
});

test.run();
