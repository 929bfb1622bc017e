import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { addHooks, removeHooks } from '../../install/settings.js';
import { hookEntries } from '../../install/install.js';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/settings/${name}`, import.meta.url), 'utf8');
const entries = hookEntries('/usr/bin/node', '/opt/taskping/hooks/taskping-hook.js');

test('install adds both hooks and keeps formatting, comments and other hooks', () => {
	const { text, changes } = addHooks(fixture('user-before.json'), entries);
	assert.is(text, fixture('user-after.json'));
	assert.equal(changes, ['added Stop hook', 'added Notification hook', 'added PermissionRequest hook', 'added PermissionDenied hook', 'added StopFailure hook']);
});

test('install twice gives the same file and reports no change', () => {
	const once = addHooks(fixture('user-before.json'), entries).text;
	const twice = addHooks(once, entries);
	assert.is(twice.text, once);
	assert.equal(twice.changes, []);
});

test('uninstall removes exactly what install added', () => {
	const installed = addHooks(fixture('user-before.json'), entries).text;
	const { text, changes } = removeHooks(installed);
	assert.is(text, fixture('user-before.json'));
	assert.equal(changes, ['removed Stop hook', 'removed Notification hook', 'removed PermissionRequest hook', 'removed PermissionDenied hook', 'removed StopFailure hook']);
});

test('install into a missing or empty file creates valid settings', () => {
	const { text } = addHooks('', entries);
	const parsed = JSON.parse(text);
	assert.is(parsed.hooks.Stop[0].hooks[0].command, entries[0]!.command);
	assert.is(parsed.hooks.Notification[0].matcher, '');
	assert.is(removeHooks(text).text.replace(/\s/g, ''), '{}');
});

test('a moved installation replaces the old entries instead of adding a second set', () => {
	const old = addHooks('{}', hookEntries('/old/node', '/old/taskping/hooks/taskping-hook.js')).text;
	const { text, changes } = addHooks(old, entries);
	const parsed = JSON.parse(text);
	assert.is(parsed.hooks.Stop.length, 1);
	assert.ok(parsed.hooks.Stop[0].hooks[0].args[0].includes('/opt/taskping'));
	assert.equal(changes, ['updated Stop hook', 'updated Notification hook', 'updated PermissionRequest hook', 'updated PermissionDenied hook', 'updated StopFailure hook']);
});

test('exec form: a path with spaces, quotes and $ is one argument, never shell-quoted', () => {
	const odd = hookEntries('/Applications/My Node/bin/node', `/Users/o'neil/$HOME "x"/taskping/hooks/taskping-hook.js`);
	const hook = JSON.parse(addHooks('{}', odd).text).hooks.Stop[0].hooks[0];
	assert.equal(hook, { type: 'command', command: '/Applications/My Node/bin/node', args: [`/Users/o'neil/$HOME "x"/taskping/hooks/taskping-hook.js`, 'Stop'], timeout: 10 });
});

test('an older shell-form installation is upgraded to the exec form in place, once', () => {
	const shellForm = '{ "hooks": { "Stop": [ { "hooks": [ { "type": "command", "command": "\\"/usr/bin/node\\" \\"/opt/taskping/hooks/taskping-hook.js\\" Stop", "timeout": 10 } ] } ] } }';
	const upgraded = addHooks(shellForm, entries);
	assert.ok(upgraded.changes.includes('updated Stop hook'), upgraded.changes.join());
	const parsed = JSON.parse(upgraded.text);
	assert.is(parsed.hooks.Stop.length, 1);
	assert.equal(parsed.hooks.Stop[0].hooks[0].args, ['/opt/taskping/hooks/taskping-hook.js', 'Stop']);
	assert.equal(addHooks(upgraded.text, entries).changes, []);
});

test('tab-indented files stay tab-indented', () => {
	const { text } = addHooks('{\n\t"model": "opus"\n}\n', entries);
	assert.ok(text.includes('\n\t"hooks"'));
	assert.not.ok(/\n {2}"/.test(text));
});

test('a broken settings file is refused with the file name, not overwritten', () => {
	assert.throws(() => addHooks('{ "hooks": ', entries, '/home/u/.claude/settings.json'), /settings\.json is not a JSON object/);
});

test.run();
