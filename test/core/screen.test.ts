import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dialogFingerprint, planKeys } from '../../src/inject/dialog.js';
import { collapse, parseDialogOptions, readInputBox } from '../../src/inject/screen.js';
import type { SessionRecord } from '../../src/session/store.js';

// As captured from Claude Code 2.1.197 in tmux.
const dialog = [
	'❯ please make the log',
	'● Bash(touch build.log)',
	'  ⎿  Waiting…',
	'─'.repeat(80),
	' Bash command',
	'   touch build.log',
	'   Create the build log',
	' Do you want to proceed?',
	' ❯ 1. Yes',
	'   2. Yes, and always allow access to proj/ from this project',
	'   3. No',
	' Esc to cancel · Tab to amend · ctrl+e to explain',
].join('\n');
const rule = '─'.repeat(80);

test('dialog options with the highlighted one', () => {
	assert.equal(parseDialogOptions(dialog), [
		{ number: 1, label: 'Yes', selected: true },
		{ number: 2, label: 'Yes, and always allow access to proj/ from this project', selected: false },
		{ number: 3, label: 'No', selected: false },
	]);
});

test('keys: digits for plain answers; moves + Tab + pasted text for feedback', () => {
	const options = parseDialogOptions(dialog);
	assert.equal(planKeys({ permission: { kind: 'yes' } }, options), { keys: ['1'] });
	assert.equal(planKeys({ permission: { kind: 'always' } }, options), { keys: ['2'] });
	assert.equal(planKeys({ permission: { kind: 'no' } }, options), { keys: ['3'] });
	assert.equal(planKeys({ permission: { kind: 'no', feedback: 'use make' } }, options), { keys: ['Down', 'Down', 'Tab'], text: 'use make' });
	assert.equal(planKeys({ permission: { kind: 'yes', note: 'careful' } }, options), { keys: ['Tab'], text: 'careful' });
	assert.equal(planKeys({ option: 2 }, options), { keys: ['2'] });
	assert.equal(planKeys({ option: 7 }, options), { refuse: 'option-not-shown' });
	const twoOptions = parseDialogOptions(' ❯ 1. Yes\n   2. No\n');
	assert.equal(planKeys({ permission: { kind: 'always' } }, twoOptions), { refuse: 'option-not-shown' });
	assert.equal(planKeys({ permission: { kind: 'no' } }, twoOptions), { keys: ['2'] });
});

test('the input box: empty, half typed, dim placeholder, absent during a dialog', () => {
	assert.is(readInputBox(`${rule}\n\x1b[39m❯ \x1b[7m \x1b[0m\n${rule}`), '');
	assert.is(readInputBox(`\x1b[48;5;237m❯ old prompt\x1b[39m\n${rule}\n\x1b[39m❯ half typed\x1b[7m \x1b[0m\n${rule}`), 'half typed');
	assert.is(readInputBox(`${rule}\n❯ \x1b[2mTry "fix lint errors"\x1b[22m\n${rule}`), '');
	assert.is(readInputBox(dialog), null);
});

test('the dialog fingerprint names the command or question shown on screen', () => {
	const record = { dialog: { kind: 'permission', toolName: 'Bash', toolInput: { command: 'touch build.log' }, promptId: null, openedAt: '' } } as unknown as SessionRecord;
	assert.is(dialogFingerprint(record), 'touch build.log');
	assert.ok(collapse(dialog).includes(dialogFingerprint(record)));
	const question = { dialog: { kind: 'question', toolName: 'AskUserQuestion', toolInput: { questions: [{ question: 'Which colour?', options: [] }] }, promptId: null, openedAt: '' } } as unknown as SessionRecord;
	assert.is(dialogFingerprint(question), 'Which colour?');
});

test.run();
