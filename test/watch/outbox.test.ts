/**
 * The durable outbox on its own: oldest first once the server answers,
 * backoff, give-up after the maximum age (kept in failed/ for status, pruned
 * later), and the transcript check that reconciles interrupted typing.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveConfig } from '../../src/config/validate.js';
import { TaskPingError } from '../../src/errors.js';
import type { OutgoingMail } from '../../src/mail/compose.js';
import { deliverOutbox } from '../../src/outbox/deliver.js';
import { enqueueJob, failedDirOf, failJob, listJobs, nextDueAt, pruneFailedJobs } from '../../src/outbox/outbox.js';
import { resolvePaths } from '../../src/fs/paths.js';
import { startOutboxPump } from '../../src/watch/outbox-pump.js';
import { wasSubmitted } from '../../src/watch/reconcile.js';

const mail = (subject: string): OutgoingMail => ({ from: 'svc@x.test', to: ['me@x.test'], subject, text: subject, html: '', messageId: `<${subject}@x.test>`, headers: {} });
// Built by the resolver (defaults included: outboxMaxAgeHours 24), not cast from a fragment.
const config = resolveConfig({}, { SMTP_HOST: 'smtp.x.test', SMTP_USER: 'svc@x.test', SMTP_PASS: 'x', IMAP_HOST: 'imap.x.test', EMAIL_TO: 'me@x.test', ALLOWED_SENDERS: 'me@x.test', TASKPING_OUTBOX_MAX_AGE_HOURS: '24' });
const refused = () => new TaskPingError('smtp-failed', 'Sending failed (ECONNECTION).', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNECTION' }) });

function world() {
	const home = mkdtempSync(join(tmpdir(), 'taskping-outbox-'));
	const paths = resolvePaths({ TASKPING_HOME: home });
	const events: Array<{ event: string; fields?: Record<string, unknown> }> = [];
	return { home, paths, events, log: (_level: string, event: string, fields?: Record<string, unknown>) => void events.push({ event, fields }), done: () => rmSync(home, { recursive: true, force: true }) };
}

test('a failed send backs off (5 s, then 10 s) and records that the server did not answer', async () => {
	const w = world();
	const t0 = new Date('2026-01-01T00:00:00Z');
	enqueueJob(w.paths.outboxDir, { kind: 'mail', mail: mail('one') }, t0);
	const result = await deliverOutbox({ paths: w.paths, config, log: w.log, now: () => t0, send: async () => { throw refused(); } });
	assert.equal(result, { sent: 0, failed: 1, gaveUp: 0 });
	const [job] = listJobs(w.paths.outboxDir);
	assert.is(job!.attempts, 1);
	assert.is(job!.unreachable, true);
	assert.is(job!.nextAttemptAt, '2026-01-01T00:00:05.000Z');
	assert.is(failJob(w.paths.outboxDir, job!, 'again', t0).nextAttemptAt, '2026-01-01T00:00:10.000Z');
	assert.equal(nextDueAt(w.paths.outboxDir), new Date('2026-01-01T00:00:10.000Z'));
	w.done();
});

test('oldest first: a due newer job makes the not-yet-due older one go first, and once one is sent all go in order', async () => {
	const w = world();
	const t0 = new Date('2026-01-01T00:00:00Z');
	const older = enqueueJob(w.paths.outboxDir, { kind: 'mail', mail: mail('older') }, t0);
	failJob(w.paths.outboxDir, older, 'down', t0); // due at +5 s
	enqueueJob(w.paths.outboxDir, { kind: 'mail', mail: mail('newer') }, new Date(t0.getTime() + 1000)); // due at +1 s
	enqueueJob(w.paths.outboxDir, { kind: 'mail', mail: mail('newest') }, new Date(t0.getTime() + 2000));
	const sent: string[] = [];
	const result = await deliverOutbox({ paths: w.paths, config, log: w.log, now: () => new Date(t0.getTime() + 2000), send: async (m) => void sent.push(m.subject) });
	assert.equal(sent, ['older', 'newer', 'newest']);
	assert.is(result.sent, 3);
	assert.is(listJobs(w.paths.outboxDir).length, 0);
	w.done();
});

test('while the server is down nothing not due is retried, except the oldest job once per run', async () => {
	const w = world();
	const t0 = new Date('2026-01-01T00:00:00Z');
	const a = enqueueJob(w.paths.outboxDir, { kind: 'mail', mail: mail('a') }, t0);
	const b = enqueueJob(w.paths.outboxDir, { kind: 'mail', mail: mail('b') }, new Date(t0.getTime() + 1)); // ids order by ms
	failJob(w.paths.outboxDir, a, 'down', t0);
	failJob(w.paths.outboxDir, b, 'down', t0);
	enqueueJob(w.paths.outboxDir, { kind: 'mail', mail: mail('c') }, new Date(t0.getTime() + 1000));
	const tried: string[] = [];
	await deliverOutbox({ paths: w.paths, config, log: w.log, now: () => new Date(t0.getTime() + 1000), send: async (m) => { tried.push(m.subject); throw refused(); } });
	assert.equal(tried, ['a', 'c']);
	w.done();
});

test('a job failing past outboxMaxAgeHours is given up into failed/ with its error, logged, and pruned after 30 days', async () => {
	const w = world();
	const created = new Date('2026-01-01T00:00:00Z');
	enqueueJob(w.paths.outboxDir, { kind: 'mail', mail: mail('stale') }, created);
	const now = new Date(created.getTime() + 25 * 3_600_000);
	const result = await deliverOutbox({ paths: w.paths, config, log: w.log, now: () => now, send: async () => { throw refused(); } });
	assert.equal(result, { sent: 0, failed: 0, gaveUp: 1 });
	assert.is(listJobs(w.paths.outboxDir).length, 0);
	const [given] = listJobs(failedDirOf(w.paths.outboxDir));
	assert.is(given!.gaveUpAt, now.toISOString());
	assert.match(given!.lastError!, /ECONNECTION/);
	assert.ok(w.events.some((e) => e.event === 'mail-given-up'));
	assert.is(pruneFailedJobs(w.paths.outboxDir, new Date(now.getTime() + 29 * 86_400_000)), 0);
	assert.is(pruneFailedJobs(w.paths.outboxDir, new Date(now.getTime() + 31 * 86_400_000)), 1);
	assert.is(readdirSync(failedDirOf(w.paths.outboxDir)).length, 0);
	w.done();
});

test('the pump sends a job another process queued (the hook, while a watcher runs) at once, not at its next tick', async () => {
	const w = world();
	let delivered = 0;
	const pump = startOutboxPump({ dir: w.paths.outboxDir, deliver: async () => void delivered++, log: w.log });
	try {
		await new Promise((resolve) => setTimeout(resolve, 50)); // the folder watch is set up
		const queuedAt = Date.now();
		enqueueJob(w.paths.outboxDir, { kind: 'mail', mail: mail('from-the-hook') });
		while (delivered === 0 && Date.now() - queuedAt < 5000) await new Promise((resolve) => setTimeout(resolve, 10));
		// Without the folder watch the first run would come from the schedule, never sooner than 1 s.
		assert.ok(delivered > 0 && Date.now() - queuedAt < 900, `delivered ${delivered} time(s) after ${Date.now() - queuedAt} ms`);
	} finally {
		await pump.stop();
		w.done();
	}
});

test('reconcile: a prompt counts as submitted only if the transcript has exactly it, after the intent', () => {
	const dir = mkdtempSync(join(tmpdir(), 'taskping-transcript-'));
	const file = join(dir, 't.jsonl');
	const at = '2026-01-01T00:00:10.000Z';
	writeFileSync(file, [
		'{"type":"user","timestamp":"2026-01-01T00:00:00.000Z","message":{"role":"user","content":"old prompt"}}',
		'{"type":"assistant","timestamp":"2026-01-01T00:00:01.000Z","message":{"content":[{"type":"text","text":"ok"}]}}',
		'{"type":"user","timestamp":"2026-01-01T00:00:11.000Z","message":{"role":"user","content":[{"type":"text","text":"run the tests\\r\\nplease"}]}}',
		'{"type":"user","isMeta":true,"timestamp":"2026-01-01T00:00:12.000Z","message":{"content":"meta text"}}',
		'not json',
	].join('\n'));
	assert.ok(wasSubmitted(file, 'run the tests\nplease', new Date(at)));
	assert.not.ok(wasSubmitted(file, 'old prompt', new Date(at)), 'before the intent');
	assert.not.ok(wasSubmitted(file, 'meta text', new Date(at)));
	assert.not.ok(wasSubmitted(file, 'run the tests', new Date(at)));
	assert.not.ok(wasSubmitted(join(dir, 'missing.jsonl'), 'x', new Date(at)));
	assert.not.ok(existsSync(join(dir, 'missing.jsonl')));
	// 2.1.332: a long reply is stored wrapped as <pasted_content>; a <task-notification> entry is not a person's prompt.
	const long = Array.from({ length: 6 }, (_, i) => `step ${i}`).join('\n');
	writeFileSync(file, [
		JSON.stringify({ type: 'user', origin: { kind: 'human' }, timestamp: '2026-01-01T00:00:11.000Z', message: { role: 'user', content: `\n\n<pasted_content id="c0de">\n${long}\n</pasted_content id="c0de">\n` } }),
		JSON.stringify({ type: 'user', origin: { kind: 'task-notification' }, timestamp: '2026-01-01T00:00:12.000Z', message: { role: 'user', content: 'agent says hi' } }),
	].join('\n'));
	assert.ok(wasSubmitted(file, long, new Date(at)));
	assert.not.ok(wasSubmitted(file, 'agent says hi', new Date(at)));
	rmSync(dir, { recursive: true, force: true });
});

test.run();
