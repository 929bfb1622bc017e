/** The watcher's collection after a burst: once, after the quiet time, re-armed by each new mail. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createIdleCollector } from '../../src/watch/idle-gc.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('collects once after the last mail, not per mail; nothing without gc exposed', async () => {
	let collected = 0;
	const idle = createIdleCollector(60, () => collected++);
	for (let i = 0; i < 5; i++) {
		idle.touch();
		await sleep(15);
	}
	assert.is(collected, 0, 'still busy');
	await sleep(120);
	assert.is(collected, 1);
	idle.touch();
	idle.stop();
	await sleep(120);
	assert.is(collected, 1, 'stopped');
	const without = createIdleCollector(10, undefined);
	without.touch();
	await sleep(30);
});

test.run();
