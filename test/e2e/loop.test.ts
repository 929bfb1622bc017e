import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { submitRaw, waitForMail } from '../harness/mail-server.js';
import { listSessions } from '../../src/session/store.js';
import { alice, gmailReply, mallory, nextNotification, readOutcomes, service, startWorld, waitFor, type World } from './setup.js';
import { guardSetup } from '../harness/setup-guard.js';

const loop = suite<{ world: World; token: string; notification: Awaited<ReturnType<typeof nextNotification>> }>('whole loop');
const timings: Record<string, number> = {};

loop.before(guardSetup('loop', async (context) => {
	context.world = await startWorld();
}));

loop.after(async (context) => {
	if (process.env.TASKPING_E2E_DEBUG) {
		console.log(context.world?.watcher.output());
		try { console.log(readFileSync(join(context.world.home, 'state', 'taskping.log'), 'utf8')); } catch {}
	}
	await context.world?.stop();
	console.log(`\n  measured: ${Object.entries(timings).map(([key, ms]) => `${key} ${ms} ms`).join(', ')}`);
});

loop('a prompt ends a turn → a notification with the token and Claude\'s answer reaches the user', async (context) => {
	const { world } = context;
	await world.claude.type('hello there');
	await world.api.waitFor((body) => JSON.stringify(body.messages).includes('hello there'), 15_000);
	const answeredAt = Date.now();
	const notification = await nextNotification(world);
	timings['hook→mailbox'] = Date.now() - answeredAt;
	context.notification = notification;
	context.token = notification.token;
	assert.match(notification.subject, /^Done: ACK: hello there · proj \[TaskPing #[0-9A-Z]{13}\]$/);
	assert.ok(notification.text.includes('ACK: hello there'), notification.text);
	assert.ok(notification.text.includes('hello there'));
	assert.ok(notification.messageId.includes(notification.token), 'Message-ID carries the token');
	// The hook's wall time as Claude Code measured it (stop_hook_summary in the transcript).
	const session = listSessions(join(world.home, 'state', 'sessions'))[0]!;
	const summary = await waitFor('stop hook summary', () => readFileSync(session.transcriptPath, 'utf8').split('\n').filter((line) => line.includes('stop_hook_summary')).pop());
	const info = JSON.parse(summary).hookInfos?.[0];
	assert.ok(info?.command.includes('taskping-hook.js'), 'the installed hook ran');
	timings['hook wall (Claude Code)'] = info.durationMs;
});

loop('a Gmail-style reply is typed into the pane: the model gets exactly the new text; a confirmation arrives', async (context) => {
	const { world, notification } = context;
	await world.claude.waitForStatus('idle');
	const reply = gmailReply({ from: alice, subject: notification.subject, inReplyTo: notification.messageId, text: 'please continue with step 2', quoted: notification.text, messageId: '<reply-1@users.test>' });
	await submitRaw(world.mail, alice, [service.address], reply);
	const deliveredAt = Date.now();
	const request = await world.api.waitFor((body) => JSON.stringify(body.messages).includes('please continue with step 2'), 15_000);
	timings['reply→model'] = Date.now() - deliveredAt;
	assert.ok(request);
	assert.is(world.api.userTexts().at(-1), 'please continue with step 2');
	const confirmation = await waitForMail(world.mail, alice, (m) => /^Re: .*\[TaskPing #/.test(m.subject) && m.raw.includes('Typed into Claude Code'), 15_000);
	assert.ok(confirmation.raw.includes('please continue with step 2'));
	assert.match(confirmation.raw, /Auto-Submitted: auto-replied/i);
});

loop('the same reply delivered twice is typed once', async (context) => {
	const { world, notification } = context;
	await world.claude.waitForStatus('idle');
	const reply = gmailReply({ from: alice, subject: notification.subject, inReplyTo: notification.messageId, text: 'please continue with step 2', quoted: notification.text, messageId: '<reply-1@users.test>' });
	await submitRaw(world.mail, alice, [service.address], reply);
	await waitFor('duplicate recorded', () => readOutcomes(world.home).find((o) => o.reasons.includes('duplicate-message-id')));
	await new Promise((resolve) => setTimeout(resolve, 1000));
	assert.is(world.api.userTexts().filter((text) => text === 'please continue with step 2').length, 1);
});

loop('a reply from an address off the whitelist is never typed and never answered', async (context) => {
	const { world, notification } = context;
	const before = world.api.userTexts().length;
	const reply = gmailReply({ from: mallory, subject: notification.subject, inReplyTo: notification.messageId, text: 'MALLORY WAS HERE', quoted: notification.text, messageId: '<mallory-1@evil.test>' });
	await submitRaw(world.mail, mallory, [service.address], reply);
	const outcome = await waitFor('mallory outcome', () => readOutcomes(world.home).find((o) => o.from === mallory.address));
	assert.ok(outcome.reasons.includes('sender-not-allowed'));
	assert.not.ok(outcome.accepted);
	await new Promise((resolve) => setTimeout(resolve, 1000));
	assert.is(world.api.userTexts().length, before);
	assert.not.ok((await world.claude.screen()).includes('MALLORY'));
	const answered = await waitForMail(world.mail, mallory, () => true, 1500).then(() => true, () => false);
	assert.not.ok(answered, 'no mail was sent to mallory');
});

loop('a reply with an unknown token is never typed; the whitelisted sender learns why', async (context) => {
	const { world, notification } = context;
	const before = world.api.userTexts().length;
	const reply = gmailReply({ from: alice, subject: '[TaskPing #ZZZZZZZZZZZZZ] proj', text: 'do the unknown thing', quoted: notification.text, messageId: '<reply-unknown@users.test>' });
	await submitRaw(world.mail, alice, [service.address], reply);
	const answer = await waitForMail(world.mail, alice, (m) => m.raw.includes('Not typed into Claude Code'), 15_000);
	assert.ok(answer.raw.includes('not known on this machine'));
	assert.is(world.api.userTexts().length, before);
	assert.not.ok((await world.claude.screen()).includes('do the unknown thing'));
});

loop.run();
