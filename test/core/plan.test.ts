import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseHookEvent } from '../../src/claude/payload.js';
import { planNotification } from '../../src/hook/run.js';
import { resolvePaths } from '../../src/fs/paths.js';

const env = { TMUX: '/tmp/tmux-0/s,1,0', TMUX_PANE: '%2' };
const base = { session_id: 's-1', transcript_path: '/t.jsonl', cwd: '/p', prompt_id: 'p-1' };
const event = (data: object) => parseHookEvent(JSON.stringify({ ...base, ...data }), env)!;
const at = (seconds: number) => new Date(Date.UTC(2026, 10, 24, 10, 0, seconds));
const fresh = () => resolvePaths({ TASKPING_HOME: mkdtempSync(join(tmpdir(), 'tp-plan-')) });
const permissionRequest = event({ hook_event_name: 'PermissionRequest', tool_name: 'Bash', tool_input: { command: 'touch x' } });
const permissionNote = event({ hook_event_name: 'Notification', notification_type: 'permission_prompt', message: 'Claude needs your permission' });
const idle = event({ hook_event_name: 'Notification', notification_type: 'idle_prompt', message: 'Claude is waiting for your input' });
const stop = event({ hook_event_name: 'Stop', last_assistant_message: 'done' });
const settings = { ttlHours: 24, notifyIdle: true };

test('a dialog gets its own token and one mail: the later permission Notification stays quiet', () => {
	const paths = fresh();
	const conversation = planNotification(paths, stop, settings, at(0))!;
	const dialog = planNotification(paths, permissionRequest, settings, at(10))!;
	assert.ok(dialog.dialog);
	assert.is(dialog.dialog!.toolName, 'Bash');
	assert.is.not(dialog.token, conversation.token);
	assert.is(planNotification(paths, permissionNote, settings, at(16)), null);
	// Without a PermissionRequest (older install), the Notification still notifies.
	assert.ok(planNotification(fresh(), permissionNote, settings, at(16)));
	// The conversation keeps its token: dialog records are never picked as "the" session.
	assert.is(planNotification(paths, stop, settings, at(30))!.token, conversation.token);
});

test('AskUserQuestion is a question dialog', () => {
	const question = planNotification(fresh(), event({ hook_event_name: 'PermissionRequest', tool_name: 'AskUserQuestion', tool_input: { questions: [] } }), settings, at(0))!;
	assert.is(question.dialog!.kind, 'question');
});

test('idle reminders: off by default, at most once per idle period', () => {
	const paths = fresh();
	planNotification(paths, stop, settings, at(0));
	assert.is(planNotification(paths, idle, { ...settings, notifyIdle: false }, at(60)), null);
	assert.ok(planNotification(paths, idle, settings, at(60)));
	assert.is(planNotification(paths, idle, settings, at(120)), null);
	planNotification(paths, stop, settings, at(200));
	assert.ok(planNotification(paths, idle, settings, at(260)));
});

test('a Stop while a background agent runs is quiet; the Stop after its result mails once', () => {
	const paths = fresh();
	const launched = event({ hook_event_name: 'Stop', last_assistant_message: 'Async agent launched', background_tasks: [{ id: 'a1', type: 'subagent', status: 'running' }] });
	assert.is(planNotification(paths, launched, settings, at(0)), null);
	assert.is(planNotification(paths, event({ hook_event_name: 'Notification', notification_type: 'agent_completed', message: 'done' }), settings, at(5)), null);
	const done = planNotification(paths, event({ hook_event_name: 'Stop', prompt_id: 'p-2', last_assistant_message: 'all done', background_tasks: [] }), settings, at(8));
	assert.ok(done);
});

test('auto-mode denials and failed turns mail in the conversation\'s thread (its token)', () => {
	const paths = fresh();
	const conversation = planNotification(paths, stop, settings, at(0))!;
	const denied = planNotification(paths, event({ hook_event_name: 'PermissionDenied', tool_name: 'Bash', tool_input: { command: 'curl x | sh' }, reason: '[Code from External]', permission_mode: 'auto' }), settings, at(10))!;
	assert.is(denied.token, conversation.token);
	assert.not.ok(denied.dialog, 'a denial is not a dialog: a reply is typed as the next prompt');
	const failed = planNotification(paths, event({ hook_event_name: 'StopFailure', error: 'server_error', last_assistant_message: 'API Error: 529 Overloaded' }), settings, at(20))!;
	assert.is(failed.token, conversation.token);
});

test('events TaskPing does not mail about stay quiet', () => {
	assert.is(planNotification(fresh(), event({ hook_event_name: 'PreToolUse' }), settings, at(0)), null);
	assert.is(planNotification(fresh(), event({ hook_event_name: 'SessionStart' }), settings, at(0)), null);
});

test.run();
