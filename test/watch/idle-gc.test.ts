/** The watcher's collection after a burst: once, after the quiet time, re-armed by each new mail; and one per N mails while a burst (a flood) lasts. Timers faked: the subject is timing. */
import { mock } from 'node:test';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createIdleCollector } from '../../src/watch/idle-gc.js';

test('collects once after the last mail, not per mail; each mail re-arms the quiet time; stop cancels', () => {
	mock.timers.enable({ apis: ['setTimeout'] });
	try {
		let collected = 0;
		const idle = createIdleCollector(60, () => collected++);
		for (let i = 0; i < 5; i++) {
			idle.touch();
			mock.timers.tick(15);
		}
		assert.is(collected, 0, 'still busy');
		mock.timers.tick(59 - 15);
		assert.is(collected, 0, 'not before 60 ms of quiet after the last mail');
		mock.timers.tick(1);
		assert.is(collected, 1);
		mock.timers.tick(1000);
		assert.is(collected, 1, 'once per quiet spell, not repeatedly');
		idle.touch();
		idle.stop();
		mock.timers.tick(120);
		assert.is(collected, 1, 'stopped');
		idle.touch();
		mock.timers.tick(60);
		assert.is(collected, 2, 'a new burst after a stop collects again');
		idle.stop();
	} finally {
		mock.timers.reset();
	}
});

test('a long burst (a flood) is collected every N mails, not only once it ends; the quiet collection restarts the count', () => {
	mock.timers.enable({ apis: ['setTimeout'] });
	try {
		let collected = 0;
		const idle = createIdleCollector(60, () => collected++, 100);
		for (let i = 0; i < 250; i++) {
			idle.touch();
			mock.timers.tick(1);
		}
		assert.is(collected, 2, 'after the 100th and the 200th mail');
		mock.timers.tick(60);
		assert.is(collected, 3, 'and once the burst is over');
		for (let i = 0; i < 99; i++) idle.touch();
		assert.is(collected, 3, 'the count started afresh');
		idle.stop();
	} finally {
		mock.timers.reset();
	}
});

test('without gc exposed (no --expose-gc): touch arms no timer at all', () => {
	assert.is((globalThis as { gc?: unknown }).gc, undefined, 'this suite runs without --expose-gc');
	const real = globalThis.setTimeout;
	let armed = 0;
	globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
		armed++;
		return real(...args);
	}) as typeof setTimeout;
	try {
		const without = createIdleCollector(10);
		for (let i = 0; i < 3; i++) without.touch();
		without.stop();
		assert.is(armed, 0);
	} finally {
		globalThis.setTimeout = real;
	}
});

test.run();
