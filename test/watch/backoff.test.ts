/**
 * The one abortable sleep, and the watcher's reconnect backoff that uses it:
 * however many times it reconnects, it leaves no abort listener behind (it
 * used to add one per backoff: MaxListenersExceededWarning after 11).
 * Timers are faked: the backoff's minutes pass in microseconds.
 */
import { EventEmitter, getEventListeners } from 'node:events';
import { mock } from 'node:test';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ImapFlow } from 'imapflow';
import { resolveConfig } from '../../src/config/validate.js';
import { sleep } from '../../src/sleep.js';
import { watchMailbox } from '../../src/watch/imap.js';
import type { ImapStatus } from '../../src/state/status-file.js';

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
const listeners = (signal: AbortSignal) => getEventListeners(signal, 'abort').length;

test('sleep waits its time, ends early on abort, resolves at once when already aborted, and leaves no listener', async () => {
	mock.timers.enable({ apis: ['setTimeout'] });
	try {
		const controller = new AbortController();
		for (let i = 0; i < 20; i++) {
			let done = false;
			const slept = sleep(1000, controller.signal).then(() => void (done = true));
			assert.is(listeners(controller.signal), 1);
			mock.timers.tick(999);
			await flush();
			assert.not.ok(done, 'not before its time');
			mock.timers.tick(1);
			await slept;
			assert.is(listeners(controller.signal), 0, `listener removed after sleep ${i + 1}`);
		}
		const cut = sleep(60_000, controller.signal);
		controller.abort();
		await cut; // resolves with no tick at all
		assert.is(listeners(controller.signal), 0);
		await sleep(60_000, controller.signal); // already aborted: at once
		let plain = false;
		const noSignal = sleep(5).then(() => void (plain = true));
		mock.timers.tick(5);
		await noSignal;
		assert.ok(plain);
	} finally {
		mock.timers.reset();
	}
});

class RefusingClient extends EventEmitter {
	capabilities = new Set<string>();
	enabled = new Set<string>();
	mailbox = null;
	async connect() {
		throw new Error('connect ECONNREFUSED 127.0.0.1:993');
	}
	async mailboxOpen() {}
	async logout() {}
	close() {}
}

test('15 failed reconnects: the backoff doubles to 60 s, no abort listener piles up, no MaxListenersExceededWarning; abort stops it', async () => {
	const warnings: string[] = [];
	const onWarning = (warning: Error) => void warnings.push(warning.name);
	process.on('warning', onWarning);
	mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
	const env = { SMTP_HOST: 'smtp.x.test', SMTP_USER: 'bot@x.test', SMTP_PASS: 'x', IMAP_HOST: '127.0.0.1', EMAIL_TO: 'a@x.test', ALLOWED_SENDERS: 'a@x.test' };
	const controller = new AbortController();
	const statuses: Array<Partial<ImapStatus>> = [];
	let connects = 0;
	const delays: number[] = [];
	const done = watchMailbox({
		config: resolveConfig({}, env),
		log: (_level, event, fields) => void (event === 'imap-failed' && delays.push(Number((fields as { reconnectInMs: number }).reconnectInMs))),
		signal: controller.signal,
		claimKeyword: '$TaskPing_test',
		readPosition: () => ({ uidValidity: null, lastUid: 0, checkedAt: null }),
		writePosition: () => {},
		handle: async () => false,
		onStatus: (patch) => void statuses.push(patch),
		createClient: () => {
			connects++;
			return new RefusingClient() as unknown as ImapFlow;
		},
	});
	try {
		for (let round = 1; round <= 15; round++) {
			while (connects < round) await flush();
			await flush();
			assert.ok(listeners(controller.signal) <= 1, `round ${round}: ${listeners(controller.signal)} abort listeners`);
			mock.timers.tick(60_000);
		}
		while (connects < 16) await flush();
		assert.equal(delays.slice(0, 8), [1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000]);
		assert.is(statuses.filter((s) => s.state === 'reconnecting').at(-1)!.reconnects, 16, 'every failure is a reconnect');
		controller.abort();
		await done;
		assert.is(listeners(controller.signal), 0);
		assert.is(statuses.at(-1)!.state, 'stopped');
		await new Promise<void>((resolve) => process.nextTick(resolve));
		assert.equal(warnings.filter((name) => name === 'MaxListenersExceededWarning'), []);
	} finally {
		mock.timers.reset();
		process.off('warning', onWarning);
		controller.abort();
	}
});

test.run();
