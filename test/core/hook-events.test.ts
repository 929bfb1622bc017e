/** The plugin's hooks/hooks.json and the installer register exactly the events of src/claude/hook-events.ts. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hookEntries } from '../../install/install.js';
import { MAILED_EVENTS, SESSION_START } from '../../src/claude/hook-events.js';

const hooksJson = fileURLToPath(new URL('../../../hooks/hooks.json', import.meta.url));

test('hooks.json registers the mailed events and SessionStart, nothing else', () => {
	const events = Object.keys((JSON.parse(readFileSync(hooksJson, 'utf8')) as { hooks: Record<string, unknown> }).hooks);
	assert.equal([...events].sort(), [SESSION_START, ...MAILED_EVENTS].sort());
});

test('the installer registers the mailed events, in their order, each with the event as its argument', () => {
	const entries = hookEntries('/usr/bin/node', '/x/taskping-hook.js');
	assert.equal(entries.map((entry) => entry.event), [...MAILED_EVENTS]);
	for (const entry of entries) assert.equal(entry.args, ['/x/taskping-hook.js', entry.event]);
});

test.run();
