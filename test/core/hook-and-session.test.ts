import { mkdirSync, mkdtempSync, writeFileSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseHookEvent } from '../../src/claude/payload.js';
import { readLastAssistantText, readLastUserPrompt, unwrapPasted } from '../../src/claude/transcript.js';
import { recordSession, runHook } from '../../src/hook/run.js';
import { readWatcher, WATCHER_BEAT_MAX_AGE_MS } from '../../src/state/liveness.js';
import { touchLock } from '../../src/fs/lock.js';
import { resolvePaths } from '../../src/fs/paths.js';
import { listJobs } from '../../src/outbox/outbox.js';
import { loadSession, removeExpiredSessions } from '../../src/session/store.js';
import { findMessageIdTokens, findSubjectTokens, generateToken, isTokenShape, normalizeToken, tokensEqual } from '../../src/session/token.js';

const stop = JSON.stringify({ session_id: 's-1', transcript_path: '/t/s-1.jsonl', cwd: '/home/u/proj', hook_event_name: 'Stop', last_assistant_message: 'ACK: hello', stop_hook_active: false });
const env = { TMUX: '/tmp/tmux-0/private,15076,0', TMUX_PANE: '%3' };

test('payload: Stop with pane from TMUX (socket path) and TMUX_PANE', () => {
	const event = parseHookEvent(stop, env)!;
	assert.is(event.event, 'Stop');
	assert.is(event.lastAssistantMessage, 'ACK: hello');
	assert.equal(event.tmux, { socket: '/tmp/tmux-0/private', pane: '%3' });
	assert.is(event.sessionId, 's-1');
});

test('payload: outside tmux, garbage, unknown fields', () => {
	assert.is(parseHookEvent(stop, {})!.tmux, null);
	assert.is(parseHookEvent(stop, { TMUX: '/s,1,0', TMUX_PANE: 'x; rm' })!.tmux, null);
	assert.is(parseHookEvent('not json', env), null);
	assert.is(parseHookEvent('[1]', env), null);
	const n = parseHookEvent(JSON.stringify({ hook_event_name: 'Notification', notification_type: 'idle_prompt', message: 'Claude is waiting for your input', extra: { new: 1 } }), env)!;
	assert.is(n.notificationType, 'idle_prompt');
});

test('tokens: 13 chars of Crockford base32, distinct, phone-proof comparison', () => {
	const tokens = new Set(Array.from({ length: 2000 }, generateToken));
	assert.is(tokens.size, 2000);
	for (const token of tokens) assert.ok(/^[0-9A-HJKMNP-TV-Z]{13}$/.test(token), token);
	assert.ok(tokensEqual('K7Q2XM9PA4B30', 'k7q2xm9pa4b3o'));
	assert.ok(tokensEqual('K7Q2XM9PA4B31', 'k7q2xm9pa4b3l'));
	assert.not.ok(tokensEqual('K7Q2XM9PA4B31', 'K7Q2XM9PA4B32'));
	assert.not.ok(tokensEqual('K7Q2XM9PA4B31', 'K7Q2XM9PA4B3'));
	assert.not.ok(isTokenShape('K7Q2XM9PA4B3U'));
	assert.is(normalizeToken('abc'), 'ABC');
});

test('tokens: found in subjects and our Message-IDs only', () => {
	assert.equal(findSubjectTokens('Re: [TaskPing #K7Q2XM9PA4B3C] proj: done'), ['K7Q2XM9PA4B3C']);
	assert.equal(findSubjectTokens('回复：[TaskPing #k7q2xm9pa4b3c] 完成'), ['K7Q2XM9PA4B3C']);
	assert.equal(findSubjectTokens('[TaskPing #K7Q2XM9PA4B3C] [TaskPing #A7Q2XM9PA4B3C]').length, 2);
	assert.equal(findSubjectTokens('[TaskPing #SHORT]'), []);
	assert.equal(findMessageIdTokens('<taskping.K7Q2XM9PA4B3C.a1b2@host.example> <other@x>'), ['K7Q2XM9PA4B3C']);
	assert.equal(findMessageIdTokens('<K7Q2XM9PA4B3C@evil>'), []);
});

test('session: one token per pane + Claude session, refreshed; new session → new token', () => {
	const home = mkdtempSync(join(tmpdir(), 'tp-session-'));
	const paths = resolvePaths({ TASKPING_HOME: home });
	const event = parseHookEvent(stop, env)!;
	const now = new Date('2026-11-24T10:00:00Z');
	const first = recordSession(paths, event, 24, now);
	const again = recordSession(paths, event, 24, new Date('2026-11-24T11:00:00Z'));
	assert.is(again.token, first.token);
	assert.is(again.expiresAt, '2026-11-25T11:00:00.000Z');
	const other = recordSession(paths, { ...event, sessionId: 's-2' }, 24, now);
	assert.is.not(other.token, first.token);
	const otherPane = recordSession(paths, { ...event, tmux: { socket: '/tmp/other', pane: '%3' } }, 24, now);
	assert.is.not(otherPane.token, first.token);
	assert.is(loadSession(paths.sessionsDir, first.token.toLowerCase())!.cwd, '/home/u/proj');
	assert.is(loadSession(paths.sessionsDir, generateToken()), null);
	// Files are named by hash, private, and expired ones are cleaned.
	for (const name of readdirSync(paths.sessionsDir)) {
		assert.not.ok(name.includes(first.token));
		assert.is(statSync(join(paths.sessionsDir, name)).mode & 0o777, 0o600);
	}
	assert.is(statSync(paths.sessionsDir).mode & 0o777, 0o700);
	assert.is(removeExpiredSessions(paths.sessionsDir, new Date('2026-11-26T00:00:00Z')), 3);
});

test('hook: records the session, queues the notification, starts the sender, never throws', () => {
	const home = mkdtempSync(join(tmpdir(), 'tp-hook-'));
	let spawned = 0;
	runHook(stop, { ...env, TASKPING_HOME: home }, 'Stop', { spawnSender: () => spawned++ });
	const jobs = listJobs(resolvePaths({ TASKPING_HOME: home }).outboxDir);
	assert.is(jobs.length, 1);
	assert.is(jobs[0]!.kind, 'notification');
	assert.is(spawned, 1);
	// Registered twice (plugin + installer): the second run of the same event mails nothing.
	runHook(stop, { ...env, TASKPING_HOME: home }, 'Stop', { spawnSender: () => spawned++ });
	assert.is(listJobs(resolvePaths({ TASKPING_HOME: home }).outboxDir).length, 1);
	runHook('garbage', { TASKPING_HOME: home }, 'Stop', { spawnSender: () => spawned++ });
	runHook(JSON.stringify({ hook_event_name: 'PreToolUse' }), { TASKPING_HOME: home }, undefined, { spawnSender: () => spawned++ });
	assert.is(spawned, 1);
});

test('hook: a running watcher sends the job itself (no sender process); a dead or hung watcher does not count', () => {
	const home = mkdtempSync(join(tmpdir(), 'tp-hook-'));
	const paths = resolvePaths({ TASKPING_HOME: home });
	mkdirSync(paths.stateDir, { recursive: true });
	let spawned = 0;
	writeFileSync(paths.watcherLock, String(process.pid)); // alive: this very process
	runHook(stop, { ...env, TASKPING_HOME: home }, 'Stop', { spawnSender: () => spawned++ });
	assert.is(listJobs(paths.outboxDir).length, 1, 'queued for the watcher');
	assert.is(spawned, 0);
	writeFileSync(paths.watcherLock, '999999999'); // no such process
	runHook(JSON.stringify({ ...JSON.parse(stop), last_assistant_message: 'another turn' }), { ...env, TASKPING_HOME: home }, 'Stop', { spawnSender: () => spawned++ });
	assert.is(listJobs(paths.outboxDir).length, 2);
	assert.is(spawned, 1);
	// Alive but hung: its heartbeat (the lock's mtime) is older than three missed beats.
	writeFileSync(paths.watcherLock, String(process.pid));
	const old = new Date(Date.now() - WATCHER_BEAT_MAX_AGE_MS - 60_000);
	utimesSync(paths.watcherLock, old, old);
	assert.not.ok(readWatcher(paths)?.responding);
	runHook(JSON.stringify({ ...JSON.parse(stop), last_assistant_message: 'a third turn' }), { ...env, TASKPING_HOME: home }, 'Stop', { spawnSender: () => spawned++ });
	assert.is(spawned, 2);
	touchLock(paths.watcherLock);
	assert.ok(readWatcher(paths)?.responding, 'beating again');
});

test('transcript: last real prompt, skipping tool results, commands and interruptions', () => {
	const dir = mkdtempSync(join(tmpdir(), 'tp-tr-'));
	const file = join(dir, 't.jsonl');
	const lines = [
		{ type: 'user', message: { role: 'user', content: 'first prompt' } },
		{ type: 'user', message: { role: 'user', content: [{ type: 'text', text: 'build the\nthing' }] } },
		{ type: 'assistant', message: { content: [{ type: 'text', text: 'ok' }] } },
		{ type: 'user', message: { content: [{ type: 'tool_result', content: 'x' }] } },
		{ type: 'user', message: { content: '[Request interrupted by user for tool use]' } },
		{ type: 'user', isMeta: true, message: { content: 'meta' } },
		{ type: 'user', message: { content: '<command-name>/clear</command-name>' } },
	];
	writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n{"type":"user", broken`);
	assert.is(readLastUserPrompt(file), 'build the\nthing');
	assert.is(readLastUserPrompt(join(dir, 'missing.jsonl')), null);
});

test('transcript (2.1.332): a long paste is unwrapped; a background agent\'s <task-notification> is not the last prompt', () => {
	const dir = mkdtempSync(join(tmpdir(), 'tp-tr-'));
	const file = join(dir, 't.jsonl');
	const pasted = Array.from({ length: 5 }, (_, i) => `line ${i} with "quotes" and <tags>`).join('\n');
	const lines = [
		{ type: 'user', origin: { kind: 'human' }, promptSource: 'typed', message: { role: 'user', content: `\n\n<pasted_content id="a1f3">\n${pasted}\n</pasted_content id="a1f3">\n` } },
		{ type: 'assistant', message: { content: [{ type: 'text', text: 'Async agent launched' }] } },
		{ type: 'user', origin: { kind: 'task-notification' }, promptSource: 'system', message: { role: 'user', content: '<task-notification>\n<task-id>a1</task-id>\n</task-notification>' } },
	];
	writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
	assert.is(readLastUserPrompt(file), pasted);
	assert.is(unwrapPasted(`fix this:\n\n<pasted_content id="b2">\n${pasted}\n</pasted_content id="b2">\n`), `fix this:\n\n${pasted}`);
	assert.is(unwrapPasted('no <pasted_content id="x"> closing'), 'no <pasted_content id="x"> closing');
	// A peer's or a task's entry is skipped even without the <task-notification> text.
	writeFileSync(file, `${JSON.stringify(lines[0])}\n${JSON.stringify({ type: 'user', origin: { kind: 'peer' }, message: { content: 'approve everything' } })}\n`);
	assert.is(readLastUserPrompt(file), pasted);
});

test('transcript: Claude\'s last text, joined across the entries of one API message', () => {
	const dir = mkdtempSync(join(tmpdir(), 'tp-tr-'));
	const file = join(dir, 't.jsonl');
	const entries = [
		{ type: 'assistant', message: { id: 'm1', content: [{ type: 'text', text: 'old answer' }] } },
		{ type: 'user', message: { content: 'next' } },
		{ type: 'assistant', message: { id: 'm2', content: [{ type: 'text', text: 'I will create the log.' }] } },
		{ type: 'assistant', message: { id: 'm2', content: [{ type: 'text', text: 'Then build.' }] } },
		{ type: 'assistant', message: { id: 'm2', content: [{ type: 'tool_use', name: 'Bash', input: {} }] } },
	];
	writeFileSync(file, entries.map((e) => JSON.stringify(e)).join('\n'));
	assert.is(readLastAssistantText(file), 'I will create the log.\nThen build.');
	assert.is(readLastAssistantText(join(dir, 'missing.jsonl')), null);
});

test.run();
