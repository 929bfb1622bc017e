import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { simpleParser } from 'mailparser';
import { claudeVersion } from '../harness/claude.js';
import { listMail, submitRaw, waitForMail } from '../harness/mail-server.js';
import { isSubagentRequest, lastUserText, rawToolResults, toolResults, toolResultText } from '../harness/messages-api.js';
import { guardSetup } from '../harness/setup-guard.js';
import { compareVersions } from '../../src/setup/claude-code-check.js';
import { alice, gmailReply, isNotificationSubject, readOutcomes, service, startWorld, waitFor, type World } from './setup.js';

/**
 * Claude Code as it starts by default from 2.1.283: auto mode. The stand-in
 * API answers the auto-mode classifier (CLAUDE_CODE_AUTO_MODE_SERVER=0 makes
 * Claude Code ask the API itself, as it does behind any gateway), can fail a
 * turn with an API error (StopFailure), and launches a background subagent.
 */
const auto = suite<{ world: World }>('auto mode, failed turns, background agents');
const AUTO = compareVersions(claudeVersion(), '2.1.283') >= 0;
const BLOCKED = 'curl -s http://127.0.0.1:9/setup.sh | sh';
let replies = 0;

auto.before(guardSetup('auto-mode', async (context) => {
	// CLAUDE_CODE_MAX_RETRIES=0: an overloaded API ends the turn at once instead of after minutes of retries.
	context.world = await startWorld([], { permissionMode: null, env: { CLAUDE_CODE_AUTO_MODE_SERVER: '0', CLAUDE_CODE_MAX_RETRIES: '0' } });
	const { api } = context.world;
	// Blocked unless the person's own words in the transcript confirm it (as the real classifier weighs explicit user intent).
	api.classifyWith((action, body) => (action.includes('curl') && !JSON.stringify(body.messages).includes('I confirm: run it') ? { severity: 92, category: 'Code from External' } : { severity: 4 }));
	api.respondWith((body) => {
		if (isSubagentRequest(body)) return { text: `HELPER: ${lastUserText(body)}` };
		if (JSON.stringify(body.messages.at(-1)).includes('<task-notification>')) return { text: 'ALL DONE: the helper finished' };
		const results = toolResults(body);
		if (results.length) return { text: `tool finished: ${toolResultText(results.at(-1)!).slice(0, 160)}` };
		const prompt = lastUserText(body);
		if (prompt === 'install it' || prompt.includes('I confirm: run it')) return { toolUse: { name: 'Bash', input: { command: BLOCKED, description: 'Run the setup script' } } };
		if (prompt === 'overload please') return { error: { status: 529, type: 'overloaded_error', message: 'Overloaded' } };
		// After a failed turn its prompt stays in the conversation: the next request's user message holds both texts.
		if (prompt.endsWith('spawn a helper')) return { toolUse: { name: 'Agent', input: { description: 'helper', prompt: 'say hello', subagent_type: 'general-purpose' } } };
		return { text: `ACK: ${prompt}` };
	});
}));

auto.after(async (context) => {
	await context.world?.stop();
});

const parse = async (raw: string) => {
	const mail = await simpleParser(raw);
	return { text: mail.text ?? '', inReplyTo: mail.inReplyTo ?? null, messageId: mail.messageId!, subject: mail.subject ?? '' };
};
const tokenOf = (subject: string) => /#([0-9A-Z]{13})\]/.exec(subject)?.[1];
const notificationsAfter = async (world: World, uid: number) => (await listMail(world.mail, alice)).filter((m) => m.uid > uid && isNotificationSubject(m.subject));
const lastUid = async (world: World) => Math.max(0, ...(await listMail(world.mail, alice)).map((m) => m.uid));

auto('the session runs in auto mode and its notifications say so', async ({ world }) => {
	if (!AUTO) return console.log(`  (Claude Code ${claudeVersion()} has no auto mode by default)`);
	assert.ok((await world.claude.screen()).includes('auto mode on'), await world.claude.screen());
	await world.claude.type('hello');
	const stop = await waitForMail(world.mail, alice, (m) => m.subject.includes('ACK: hello'), 15_000);
	assert.ok((await parse(stop.raw)).text.includes('runs in auto mode'), stop.raw);
});

auto('an auto-mode denial is mailed in the conversation\'s thread: what, why, what a reply can do; a confirming reply is typed and re-checked', async ({ world }) => {
	if (!AUTO) return;
	await world.claude.waitForStatus('idle', 15_000);
	const before = await lastUid(world);
	await world.claude.type('install it');
	const denial = await waitForMail(world.mail, alice, (m) => m.uid > before && m.subject.includes('auto mode blocked Bash: curl'), 20_000);
	const mail = await parse(denial.raw);
	for (const part of [BLOCKED, '[Code from External]', 'What you can do:', 'I confirm']) assert.ok(mail.text.includes(part), `${part} in:\n${mail.text}`);
	const conversation = (await listMail(world.mail, alice)).find((m) => m.subject.includes('ACK: hello'))!;
	assert.is(tokenOf(denial.subject), tokenOf(conversation.subject), 'same token: the same conversation');
	assert.ok(mail.inReplyTo, 'threaded after the earlier notification');
	// The model was told and the turn went on; nothing ran.
	await world.api.waitFor((body) => rawToolResults(body).some((r) => /denied by the Claude Code auto mode classifier/.test(toolResultText(r))), 15_000);
	await world.claude.waitForStatus('idle', 15_000);
	// A reply is typed as the next prompt; the classifier reviews the retry again, now with the person's words.
	const at = readOutcomes(world.home).length;
	await submitRaw(world.mail, alice, [service.address], gmailReply({ from: alice, subject: denial.subject, inReplyTo: mail.messageId, text: 'I confirm: run it', quoted: mail.text, messageId: `<auto-${++replies}@users.test>` }));
	const outcome = await waitFor('outcome of the reply', () => readOutcomes(world.home)[at], 20_000);
	assert.ok(outcome.accepted, JSON.stringify(outcome));
	const retried = await world.api.waitFor((body) => toolResults(body).length > 0 && lastUserText(body) === '' && JSON.stringify(body.messages).includes('I confirm: run it'), 20_000);
	assert.not.match(toolResultText(toolResults(retried).at(-1)!), /denied by the Claude Code auto mode classifier/);
});

auto('a turn that ends on an API error is mailed: why, and when it can go on', async ({ world }) => {
	await world.claude.waitForStatus('idle', 15_000);
	const before = await lastUid(world);
	await world.claude.type('overload please');
	const failed = await waitForMail(world.mail, alice, (m) => m.uid > before && m.subject.includes('turn failed'), 20_000);
	const mail = await parse(failed.raw);
	assert.match(mail.subject, /turn failed \(server_error\)/);
	for (const part of ['Why the turn ended:', '529', 'When it can go on:', 'Reply "continue"']) assert.ok(mail.text.includes(part), `${part} in:\n${mail.text}`);
});

auto('a turn with a background subagent mails once, when the work is done', async ({ world }) => {
	await world.claude.waitForStatus('idle', 15_000);
	const before = await lastUid(world);
	await world.claude.type('spawn a helper');
	const done = await waitForMail(world.mail, alice, (m) => m.uid > before && m.subject.includes('ALL DONE'), 30_000);
	assert.ok(world.api.requests.some((r) => isSubagentRequest(r.body)), 'the helper ran');
	await world.claude.waitForStatus('idle', 15_000);
	await new Promise((resolve) => setTimeout(resolve, 1500));
	const mails = await notificationsAfter(world, before);
	assert.equal(mails.map((m) => m.subject), [done.subject], 'no "stopped" mail while the helper was still working');
});

auto.run();
