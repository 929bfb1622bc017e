/**
 * Replies wait their turn, on the real Claude Code CLI: a reply that arrives
 * while Claude works on a long turn is queued (the sender is told at once),
 * shown by `status` and `inspect`, and typed after the turn ends — not before.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { submitRaw, waitForMail } from '../harness/mail-server.js';
import { lastUserText } from '../harness/messages-api.js';
import { alice, gmailReply, nextNotification, service, startWorld, taskping, waitFor, type World } from './setup.js';

const queue = suite<{ world: World }>('reply queue (real Claude Code)');
const timings: Record<string, number> = {};
const LONG_TURN_MS = 8000;

queue.before(async (context) => {
	context.world = await startWorld();
});

queue.after(async (context) => {
	await context.world?.stop();
	console.log(`\n  measured: ${Object.entries(timings).map(([key, ms]) => `${key} ${ms} ms`).join(', ')}`);
});

queue('a reply sent while Claude is busy is queued, shown by status and inspect, and typed after the turn ends, not before', async ({ world }) => {
	await world.claude.type('hello queue');
	const notification = await nextNotification(world);
	await world.claude.waitForStatus('idle', 15_000);
	// A long turn: the stand-in holds its answer to this prompt.
	world.api.respondWith((body) => (lastUserText(body) === 'start the long job' ? { text: 'long job done', delayMs: LONG_TURN_MS } : { text: `ACK: ${lastUserText(body)}` }));
	await world.claude.type('start the long job');
	await world.claude.waitForStatus('busy', 10_000);
	const longRequest = await world.api.waitFor((body) => lastUserText(body) === 'start the long job', 10_000);
	const longStartedAt = world.api.requests.find((r) => r.body === longRequest)!.at;

	const raw = gmailReply({ from: alice, subject: notification.subject, inReplyTo: notification.messageId, text: 'then run the linter', quoted: notification.text, messageId: '<queued-1@users.test>' });
	await submitRaw(world.mail, alice, [service.address], raw);
	const sentAt = Date.now();
	const notice = await waitForMail(world.mail, alice, (m) => m.raw.includes('Queued behind the current turn'), 15_000);
	timings['reply→queued notice'] = Date.now() - sentAt;
	assert.ok(notice.raw.includes('then run the linter'));
	assert.match(notice.raw, /Auto-Submitted: auto-replied/i);
	assert.match(notice.raw, /In-Reply-To: <queued-1@users\.test>/i);

	// While the turn runs: queued, visible, and not in the pane's input box.
	const status = JSON.parse(taskping(['status', '--json'], world.env));
	assert.is(status.queue.length, 1, JSON.stringify(status.queue));
	assert.is(status.queue[0].firstLine, 'then run the linter');
	assert.is(status.replies.queued, 1);
	const eml = join(world.home, 'queued.eml');
	writeFileSync(eml, raw);
	const inspected = JSON.parse(taskping(['inspect', eml, '--json'], world.env));
	assert.ok(inspected.queue, 'inspect shows the queued decision');
	assert.is(inspected.queue.position, 1);
	assert.match(taskping(['inspect', eml], world.env), /QUEUED: waiting for pane/);
	assert.not.ok((await world.claude.screen()).includes('then run the linter'), 'nothing typed into the busy pane');
	assert.not.ok(world.api.userTexts().includes('then run the linter'));

	const idle = world.claude.waitForStatus('idle', LONG_TURN_MS + 20_000).then(() => Date.now());
	const request = await world.api.waitFor((body) => lastUserText(body) === 'then run the linter', LONG_TURN_MS + 20_000);
	const idleAt = await idle;
	const typedAt = world.api.requests.find((r) => r.body === request)!.at;
	timings['long turn'] = LONG_TURN_MS;
	// Claude Code reports idle only after its Stop hooks ran (seconds on a loaded machine).
	timings['turn end→Claude idle'] = idleAt - (longStartedAt + LONG_TURN_MS);
	timings['Claude idle→typed'] = typedAt - idleAt;
	assert.ok(typedAt >= longStartedAt + LONG_TURN_MS, 'typed only after the long turn ended');
	assert.is(world.api.userTexts().filter((text) => text === 'then run the linter').length, 1);
	const typed = await waitForMail(world.mail, alice, (m) => m.raw.includes('Typed into Claude Code') && m.raw.includes('then run the linter'), 15_000);
	assert.ok(typed);
	const after = await waitFor('queue emptied', () => {
		const now = JSON.parse(taskping(['status', '--json'], world.env));
		return now.queue.length === 0 ? now : null;
	}, 10_000);
	assert.is(after.replies.typed, 1, JSON.stringify(after.replies));
	assert.is(after.replies.refusedSilently, 0);
});

queue.run();
