/**
 * Hostile mail against the real parts: every mail of the corpus (test/fixtures/
 * hostile/) is delivered into the service mailbox (SMTP with or without AUTH,
 * so the server stamps its own Authentication-Results, or IMAP APPEND) while
 * real Claude Code waits in a real tmux pane. After each one: the watcher
 * recorded the expected reason, is still running, the pane (capture-pane) and
 * the Messages API stand-in show nothing of it. Then good replies still work,
 * a risky reply is typed only with its one-time code, and a flood is refused.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { simpleParser } from 'mailparser';
import { appendRaw, deliverUnauthenticated, submitRaw, waitForMail, type MailMatchInput } from '../harness/mail-server.js';
import { listSessions, saveSession } from '../../src/session/store.js';
import { generateToken } from '../../src/session/token.js';
import { describeReason } from '../../src/mail/reasons.js';
import { buildMail, CORPUS, type Fill, type HostileMail } from '../fixtures/hostile/corpus.js';
import { alice, gmailReply, mallory, nextNotification, readOutcomes, service, startWorld, waitFor, type World } from './setup.js';
import { guardSetup } from '../harness/setup-guard.js';

interface Context {
	world: World;
	note: Awaited<ReturnType<typeof nextNotification>>;
	fill: Fill;
	outcomes: Map<string, string[]>;
}

const hostile = suite<Context>('hostile mail');
const run = Date.now().toString(36);
const timings: Record<string, number> = {};
let replies = 0;

hostile.before(guardSetup('hostile', async (context) => {
	const started = Date.now();
	context.world = await startWorld([
		['TASKPING_CONFIRM_BY_CODE', 'true'],
		['TASKPING_DENY_PATTERNS', String.raw`\bdeploy\s+to\s+production\b`],
		['TASKPING_RATE_PER_SENDER', '200'],
		['TASKPING_RATE_PER_SESSION', '4'],
	]);
	context.outcomes = new Map();
	timings['world start'] = Date.now() - started;
}));

hostile.after(async (context) => {
	if (process.env.TASKPING_E2E_DEBUG) console.log(context.world?.watcher.output());
	await context.world?.stop();
	console.log(`\n  measured: ${Object.entries(timings).map(([key, ms]) => `${key} ${ms} ms`).join(', ')}`);
});

/** Sends a mail and returns the outcome the watcher recorded for it. */
async function deliver(world: World, via: HostileMail['via'], raw: Buffer | string) {
	const before = readOutcomes(world.home).length;
	if (via === 'alice') await submitRaw(world.mail, alice, [service.address], raw);
	else if (via === 'mallory') await submitRaw(world.mail, mallory, [service.address], raw);
	else if (via === 'anon') await deliverUnauthenticated(world.mail, 'mallory@evil.test', [service.address], raw);
	else if (via === 'bounce') await deliverUnauthenticated(world.mail, '', [service.address], raw);
	else await appendRaw(world.mail, service, raw);
	return waitFor('the outcome', () => readOutcomes(world.home)[before], 20_000);
}

async function goodReply(context: Context, text: string, messageId = `<good-${run}-${++replies}@users.test>`) {
	const { world, note } = context;
	const raw = gmailReply({ from: alice, subject: note.subject, inReplyTo: note.messageId, text, quoted: note.text, messageId });
	return { raw, outcome: await deliver(world, 'alice', raw) };
}

/** Nothing of any hostile mail is on screen or at the model. */
async function assertUntouched(world: World, what: string) {
	assert.ok(world.watcher.process.exitCode === null, `watcher still running after ${what}`);
	assert.not.match(await world.claude.screen(), /PWNED|touch \//, `pane after ${what}`);
	assert.not.ok(world.api.userTexts().some((text) => /PWNED/.test(text)), `model after ${what}`);
}

/** Every mail in a mailbox, read once (waitForMail with a collecting predicate). */
async function readMailbox(world: World, account: typeof alice, ms = 1500): Promise<MailMatchInput[]> {
	const all: MailMatchInput[] = [];
	await waitForMail(world.mail, account, (m) => {
		all.push(m);
		return false;
	}, ms).catch(() => undefined);
	return all;
}

hostile('a good reply is typed (the pane and the watcher work)', async (context) => {
	const { world } = context;
	await world.claude.type('hello there');
	context.note = await nextNotification(world);
	const token = context.note.token;
	// An expired session and another live one (of a pane that does not exist) for the token attacks.
	const sessionsDir = join(world.home, 'state', 'sessions');
	const live = listSessions(sessionsDir).find((s) => s.token === token)!;
	const expired = generateToken();
	const other = generateToken();
	saveSession(sessionsDir, { ...live, token: expired, expiresAt: new Date(Date.now() - 60_000).toISOString() });
	saveSession(sessionsDir, { ...live, token: other, tmux: live.tmux && { ...live.tmux, pane: '%999' } });
	context.fill = { token, notifyId: context.note.messageId, expired, other, mark: (name) => join(world.home, `PWNED-${name}`), messageId: (name) => `<hostile-${name}.${run}@users.test>` };
	await world.claude.waitForStatus('idle', 15_000);
	const { outcome } = await goodReply(context, 'please continue with step 1', `<good-${run}-first@users.test>`);
	assert.ok(outcome.accepted, JSON.stringify(outcome));
	await world.api.waitFor((body) => JSON.stringify(body.messages).includes('please continue with step 1'), 15_000);
});

hostile(`${CORPUS.length} hostile mails: each refused with its reason; nothing reaches the pane or the model; the watcher lives on`, async (context) => {
	const { world, fill } = context;
	const started = Date.now();
	const typedBefore = world.api.userTexts().length;
	for (const entry of CORPUS) {
		const outcome = await deliver(world, entry.via, buildMail(entry, fill));
		context.outcomes.set(fill.messageId(entry.name), outcome.reasons);
		assert.is(outcome.accepted, false, entry.name);
		assert.ok(outcome.reasons.some((r) => entry.expect.includes(r)), `${entry.name}: expected ${entry.expect.join('|')}, got ${outcome.reasons.join(', ')}`);
		await assertUntouched(world, entry.name);
	}
	timings[`${CORPUS.length} hostile mails`] = Date.now() - started;
	assert.is(world.api.userTexts().length, typedBefore, 'no prompt reached the model');
	for (const entry of CORPUS) assert.not.ok(existsSync(fill.mark(entry.name)), `${entry.name} created its file`);
});

hostile('replays: the same Message-ID again is refused; the same text under a new Message-ID is held as a probable duplicate', async (context) => {
	const { world } = context;
	const first = gmailReply({ from: alice, subject: context.note.subject, inReplyTo: context.note.messageId, text: 'please continue with step 1', quoted: context.note.text, messageId: `<good-${run}-first@users.test>` });
	const replay = await deliver(world, 'alice', first);
	assert.ok(replay.reasons.includes('duplicate-message-id'), replay.reasons.join());
	const { outcome } = await goodReply(context, 'please continue with step 1');
	assert.ok(outcome.reasons.includes('probable-duplicate'), outcome.reasons.join());
	await assertUntouched(world, 'replays');
	assert.is(world.api.userTexts().filter((text) => text === 'please continue with step 1').length, 1);
});

hostile('after all that, the next good reply is typed', async (context) => {
	const { world } = context;
	await world.claude.waitForStatus('idle', 15_000);
	const { outcome } = await goodReply(context, 'still there? continue with step 2');
	assert.ok(outcome.accepted, outcome.reasons.join());
	await world.api.waitFor((body) => JSON.stringify(body.messages).includes('continue with step 2'), 15_000);
	assert.match(await world.claude.screen(), 'continue with step 2');
});

hostile('answers: the reason reaches authenticated whitelisted senders only; nothing ever goes to an attacker', async (context) => {
	const { world, fill } = context;
	const answers = (await readMailbox(world, alice)).filter((m) => m.raw.includes('Not typed into Claude Code'));
	const answeredIds = new Set(answers.map((m) => /^In-Reply-To:\s*(<[^>]+>)/im.exec(m.raw)?.[1]));
	// A mail without Message-ID gets an answer without In-Reply-To: found by its reason instead.
	const named = CORPUS.filter((entry) => entry.answered !== 'either' && !entry.name.includes('no-message-id'));
	for (const entry of named) assert.is(answeredIds.has(fill.messageId(entry.name)), entry.answered, `${entry.name} answered`);
	assert.ok(answers.some((m) => !/^In-Reply-To:/im.test(m.raw) && m.raw.includes('no Message-ID')), 'the mail without Message-ID was answered');
	// Each answer names the reason in words.
	for (const entry of named.filter((e) => e.answered === true)) {
		const answer = answers.find((m) => m.raw.includes(fill.messageId(entry.name)))!;
		const text = ((await simpleParser(answer.raw)).text ?? '').replace(/\s+/g, ' ');
		const reasons = context.outcomes.get(fill.messageId(entry.name)) ?? [];
		const code = reasons.find((r) => entry.expect.includes(r))!;
		assert.ok(text.includes(describeReason(code).replace(/\s+/g, ' ')), `${entry.name}: ${code}`);
	}
	assert.is((await readMailbox(world, mallory, 1000)).length, 0, 'mallory never got mail');
	const crlf = answers.find((m) => m.raw.includes(fill.messageId('35-crlf-in-headers')))!;
	assert.not.match(crlf.raw.split(/\r?\n\r?\n/)[0]!, /^Bcc:/im, 'no header injected into the answer');
});

hostile('confirm by code: a risky reply is typed only after the one-time code comes back from the real sender', async (context) => {
	const { world } = context;
	await world.claude.waitForStatus('idle', 15_000);
	const { outcome } = await goodReply(context, 'please deploy to production now');
	assert.ok(outcome.reasons.includes('needs-confirmation'), outcome.reasons.join());
	// The corpus' slash command and deny pattern were held too: take the answer about this text.
	const held = await waitForMail(world.mail, alice, (m) => m.raw.includes('To type it anyway') && m.raw.includes('deploy to production now'), 15_000);
	const parsed = await simpleParser(held.raw);
	const code = /^\s*(\d{4} \d{4})\s*$/m.exec(parsed.text ?? '')![1]!;
	const forged = gmailReply({ from: alice, subject: parsed.subject ?? '', inReplyTo: parsed.messageId, text: code, quoted: 'held', messageId: `<forged-code-${run}@evil.test>` });
	const refused = await deliver(world, 'anon', forged);
	assert.ok(refused.reasons.includes('sender-not-authenticated'));
	await assertUntouched(world, 'the forged code');
	const confirm = gmailReply({ from: alice, subject: parsed.subject ?? '', inReplyTo: parsed.messageId, text: code, quoted: 'held', messageId: `<code-${run}@users.test>` });
	const typed = await deliver(world, 'alice', confirm);
	assert.ok(typed.accepted, typed.reasons.join());
	await world.api.waitFor((body) => JSON.stringify(body.messages).includes('please deploy to production now'), 15_000);
});

hostile('a flood from the real sender is refused past the per-session limit, and answered once', async (context) => {
	const { world } = context;
	await world.claude.waitForStatus('idle', 15_000);
	const started = Date.now();
	const outcomes = [];
	for (let i = 1; i <= 6; i++) outcomes.push((await goodReply(context, `flood number ${i}`)).outcome);
	timings['flood of 6'] = Date.now() - started;
	// Limit 4 per window: step 1, step 2 and the confirmed text came before; one more is typed.
	assert.equal(outcomes.map((o) => o.accepted), [true, false, false, false, false, false], JSON.stringify(outcomes.map((o) => o.reasons)));
	assert.ok(outcomes.slice(1).every((o) => o.reasons.includes('rate-limited-session')));
	await new Promise((resolve) => setTimeout(resolve, 1500));
	const answers = (await readMailbox(world, alice)).filter((m) => m.raw.includes('TASKPING_RATE_PER_SESSION'));
	assert.is(answers.length, 1, 'one answer for the whole flood');
	assert.ok(world.watcher.process.exitCode === null);
});

hostile.run();
