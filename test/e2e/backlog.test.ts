/**
 * Nothing a verified user sends is lost (issue 19), on the real parts:
 * Dovecot + Postfix, a private tmux server with three stand-in Claude panes
 * (bench/fake-claude.ts: Claude Code's status file and bracketed paste,
 * busy for a while after each prompt), the installed hook, `taskping watch`
 * as a child process, and the product's default rate limits.
 *
 * (a) The watcher is down while 30 replies to three sessions arrive, their
 *     arrival times (IMAP APPEND's INTERNALDATE) spread over two hours; one
 *     session's token expired 38 minutes ago. Watcher up: every reply is typed
 *     exactly once into its own pane in arrival order, or named with its
 *     reason in a mail to the sender.
 * (b) 40 replies within a minute to one session: the per-session limit holds
 *     and the sender gets one digest naming every reply that was not typed.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { simpleParser } from 'mailparser';
import { imapClient, startMailServer, type MailAccount, type MailServer } from '../harness/mail-server.js';
import { startFleet, type Fleet } from '../../bench/fleet.js';
import { alice, outboxEmpty, replyRaw } from '../../bench/world.js';
import { loadSession, saveSession } from '../../src/session/store.js';
import { taskping, waitFor } from './setup.js';

const service: MailAccount = { address: 'svc-backlog@taskping.test', password: 'svc-backlog-1' };
const figures: Record<string, number | string> = {};
const backlog = suite<{ mail: MailServer; fleet: Fleet }>('backlog, rate limits and digests (stand-in panes)');

interface Received { uid: number; subject: string; inReplyTo: string | null; text: string; autoSubmitted: string | null }

/** Everything in alice's INBOX above `afterUid`, parsed. */
async function aliceMail(mail: MailServer, afterUid = 0): Promise<Received[]> {
	const client = imapClient(mail, alice);
	await client.connect();
	try {
		const box = await client.mailboxOpen('INBOX', { readOnly: true });
		if (box.exists === 0) return [];
		const messages = await client.fetchAll(`${afterUid + 1}:*`, { uid: true, source: true }, { uid: true });
		const out: Received[] = [];
		for (const message of messages.filter((m) => m.uid > afterUid)) {
			const parsed = await simpleParser(message.source!);
			out.push({ uid: message.uid, subject: parsed.subject ?? '', inReplyTo: parsed.inReplyTo ?? null, text: parsed.text ?? '', autoSubmitted: String(parsed.headers.get('auto-submitted') ?? '') || null });
		}
		return out;
	} finally {
		await client.logout().catch(() => client.close());
	}
}

const lastUid = async (mail: MailServer) => (await aliceMail(mail)).reduce((max, m) => Math.max(max, m.uid), 0);

async function appendAt(mail: MailServer, raw: string, date: Date | undefined): Promise<void> {
	const client = imapClient(mail, service);
	await client.connect();
	try {
		const result = await client.append('INBOX', raw, [], date);
		if (!result) throw new Error('APPEND failed');
	} finally {
		await client.logout().catch(() => client.close());
	}
}

async function waitForAsync<T>(what: string, probe: () => Promise<T | null | undefined>, timeoutMs: number): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

const statusOf = (fleet: Fleet) => JSON.parse(taskping(['status', '--json'], fleet.home.env));
const typedTexts = (fleet: Fleet, pane: number) => fleet.typed(pane).map((entry) => entry.text);

backlog.before(async (context) => {
	context.mail = await startMailServer({ accounts: [alice, service] });
	// Stand-in Claudes stay busy 400 ms after each prompt, so replies really queue behind a turn.
	context.fleet = await startFleet({ mail: context.mail, service, panes: 3, busyMs: 400, watch: false });
	// The fleet lifts the rate limits for benchmarks: back to the product's defaults.
	taskping(['config', 'set', 'TASKPING_RATE_PER_SENDER', '30'], context.fleet.home.env);
	taskping(['config', 'set', 'TASKPING_RATE_PER_SESSION', '10'], context.fleet.home.env);
});

backlog.after(async (context) => {
	if (process.env.TASKPING_E2E_DEBUG) console.log(context.fleet?.watcher?.output());
	await context.fleet?.stop();
	await context.mail?.stop();
	console.log(`\n  measured: ${Object.entries(figures).map(([key, value]) => `${key} ${value}`).join(', ')}`);
});

backlog('(a) 30 replies to three sessions over two hours while the watcher was down: each typed once, in arrival order, or answered with its reason', async ({ mail, fleet }) => {
	// The watcher has run before (it knows where the mailbox stood), then went down.
	await fleet.startWatcher();
	await fleet.stopWatcher();
	const now = Date.now();
	// Session 3's token expired 38 minutes ago, while the watcher was down (between two of its replies:
	// INTERNALDATE has whole seconds, so no reply arrives at the very moment of expiry).
	const sessionsDir = `${fleet.home.dir}/state/sessions`;
	const expiring = loadSession(sessionsDir, fleet.panes[2]!.token)!;
	const expiredAt = now - 38 * 60_000;
	saveSession(sessionsDir, { ...expiring, expiresAt: new Date(expiredAt).toISOString() });
	const replies = Array.from({ length: 30 }, (_, i) => ({
		i,
		pane: i % 3,
		text: `backlog reply ${i} for session ${i % 3}`,
		messageId: `<backlog-${i}-${now}@users.test>`,
		arrivedAt: new Date(now - 120 * 60_000 + i * 4 * 60_000),
	}));
	for (const reply of replies) await appendAt(mail, replyRaw({ token: fleet.panes[reply.pane]!.token, text: reply.text, messageId: reply.messageId, authservId: mail.authservId, to: service.address }), reply.arrivedAt);
	const mailBefore = await lastUid(mail);
	const typedOnTime = (r: (typeof replies)[number]) => r.pane !== 2 || r.arrivedAt.getTime() < expiredAt;
	const expectTyped = replies.filter(typedOnTime);
	const expectRefused = replies.filter((r) => !typedOnTime(r));
	assert.is(expectTyped.length, 27);

	const startedAt = Date.now();
	await fleet.startWatcher();
	await waitFor('every on-time reply typed', () => expectTyped.every((r) => typedTexts(fleet, r.pane).includes(r.text)), 120_000);
	const drainedAt = Math.max(...[0, 1, 2].flatMap((pane) => fleet.typed(pane).map((entry) => entry.t)));
	figures['backlog of 30 drained in'] = `${drainedAt - startedAt} ms`;

	// Exactly once, in its own pane, in arrival order; nothing else typed.
	for (const pane of [0, 1, 2]) assert.equal(typedTexts(fleet, pane), expectTyped.filter((r) => r.pane === pane).map((r) => r.text), `pane ${pane}`);
	// Every reply that was not typed is named, with its reason, in a mail to the sender.
	await waitFor('answers sent', () => outboxEmpty(fleet.home) && statusOf(fleet).queue.length === 0, 60_000);
	const answers = await waitForAsync('all answers in the mailbox', async () => {
		const got = await aliceMail(mail, mailBefore);
		return expectRefused.every((r) => got.some((m) => m.inReplyTo === r.messageId && /expired/.test(m.text))) ? got : null;
	}, 60_000).catch(async () => aliceMail(mail, mailBefore));
	for (const r of expectRefused) assert.ok(answers.some((m) => m.inReplyTo === r.messageId && m.text.includes('token has expired')), `reply ${r.i} answered "expired"`);
	for (const r of expectTyped) assert.ok(answers.some((m) => m.inReplyTo === r.messageId && m.text.includes('Typed into Claude Code')), `reply ${r.i} confirmed`);
	assert.ok(answers.every((m) => m.autoSubmitted === 'auto-replied'), 'every answer is marked Auto-Submitted');
	const queuedNotices = answers.filter((m) => m.text.includes('Queued behind the current turn')).length;
	figures['mails to the sender (backlog)'] = `${answers.length} (${expectTyped.length} typed, ${expectRefused.length} expired, ${queuedNotices} queued notices)`;
	const { replies: stats } = statusOf(fleet);
	assert.is(stats.typed, expectTyped.length, JSON.stringify(stats));
	assert.is(stats.refusedAnswered, expectRefused.length, JSON.stringify(stats));
	assert.is(stats.refusedSilently, 0, JSON.stringify(stats));
});

backlog('(b) 40 replies within a minute to one session: the limit holds, and one digest names every reply not typed', async ({ mail, fleet }) => {
	// A one-minute window, so the digest is due within the test (the limits themselves stay at their defaults).
	await fleet.stopWatcher();
	taskping(['config', 'set', 'TASKPING_RATE_WINDOW_MINUTES', '1'], fleet.home.env);
	await fleet.startWatcher();
	const mailBefore = await lastUid(mail);
	const typedBefore = fleet.typed(0).length;
	const run = Date.now();
	const flood = Array.from({ length: 40 }, (_, i) => ({ i, text: `flood reply ${i + 1} of 40`, messageId: `<flood-${i}-${run}@users.test>` }));
	const floodStart = Date.now();
	for (const reply of flood) await appendAt(mail, replyRaw({ token: fleet.panes[0]!.token, text: reply.text, messageId: reply.messageId, authservId: mail.authservId, to: service.address }), undefined);
	figures['40 replies delivered in'] = `${Date.now() - floodStart} ms`;
	assert.ok(Date.now() - floodStart < 50_000, 'delivered within the minute');

	const digest = await waitForAsync('the digest', async () => (await aliceMail(mail, mailBefore)).find((m) => m.subject.includes('not typed')), 150_000);
	const typed = fleet.typed(0).slice(typedBefore).map((entry) => entry.text);
	// The per-session default: 10 replies per window.
	assert.equal(typed, flood.slice(0, 10).map((r) => r.text));
	const notTyped = flood.filter((r) => !typed.includes(r.text));
	assert.is(notTyped.length, 30);
	for (const r of notTyped) assert.ok(digest.text.includes(`"${r.text}"`), `digest names ${r.text}`);
	assert.match(digest.subject, /^\[TaskPing\] 30 replies were not typed$/);
	assert.is(digest.autoSubmitted, 'auto-replied');
	assert.ok(digest.text.includes('TASKPING_RATE_PER_SESSION'));
	await waitFor('outbox drained', () => outboxEmpty(fleet.home), 30_000);
	await new Promise((resolve) => setTimeout(resolve, 6000)); // a second digest would be due by now
	const got = await aliceMail(mail, mailBefore);
	assert.is(got.filter((m) => m.subject.includes('not typed')).length, 1, 'one digest');
	figures['mails to the sender (flood)'] = `${got.length} (10 typed, ${got.filter((m) => m.text.includes('Queued behind')).length} queued notices, ${got.filter((m) => m.text.includes('Not typed')).length} immediate refusals, 1 digest)`;
	const { replies: stats } = statusOf(fleet);
	assert.is(stats.refusedSilently, 0, JSON.stringify(stats));
});

backlog.run();
