import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dialogFingerprint, planKeys } from '../../src/inject/dialog.js';
import { collapse, parseDialogOptions, readInputBox } from '../../src/claude/screen.js';
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

// As measured on Claude Code 2.1.332 (claude-code-facts.md §10): option 3 turns auto mode on.
const dialog332 = [
	' Do you want to proceed?',
	' ❯ 1. Yes',
	'   2. Yes, and always allow access to proj/ from this project',
	'   3. Yes, and switch to auto mode · auto mode handles these prompts for you',
	'   4. No',
	' Esc to cancel · Tab to amend',
].join('\n');

const plan = (answer: Parameters<typeof planKeys>[0], screen: string) => {
	const result = planKeys(answer, parseDialogOptions(screen));
	return 'refuse' in result ? result.refuse : { target: result.target.label, moves: result.moves, ...(result.text === undefined ? {} : { text: result.text }) };
};

test('by label on 2.1.197: yes, always, no and feedback move to the option meant', () => {
	assert.equal(plan({ permission: { kind: 'yes' } }, dialog), { target: 'Yes', moves: [] });
	assert.equal(plan({ permission: { kind: 'always' } }, dialog), { target: 'Yes, and always allow access to proj/ from this project', moves: ['Down'] });
	assert.equal(plan({ permission: { kind: 'no' } }, dialog), { target: 'No', moves: ['Down', 'Down'] });
	assert.equal(plan({ permission: { kind: 'no', feedback: 'use make' } }, dialog), { target: 'No', moves: ['Down', 'Down'], text: 'use make' });
});

test('by label on 2.1.332: "no" is option 4, and the auto-mode option is never chosen', () => {
	assert.equal(plan({ permission: { kind: 'no' } }, dialog332), { target: 'No', moves: ['Down', 'Down', 'Down'] });
	assert.equal(plan({ permission: { kind: 'no', feedback: 'use make' } }, dialog332), { target: 'No', moves: ['Down', 'Down', 'Down'], text: 'use make' });
	assert.equal(plan({ permission: { kind: 'always' } }, dialog332), { target: 'Yes, and always allow access to proj/ from this project', moves: ['Down'] });
	// Without an "always allow" row, "always" must not fall back to the mode switch.
	const noAlways = ' ❯ 1. Yes\n   2. Yes, and switch to auto mode · auto mode handles these prompts for you\n   3. No\n';
	assert.is(plan({ permission: { kind: 'always' } }, noAlways), 'option-not-shown');
	assert.equal(plan({ permission: { kind: 'yes' } }, noAlways), { target: 'Yes', moves: [] });
	const editsMode = ' ❯ 1. Yes\n   2. Yes, allow all edits during this session (shift+tab)\n   3. No\n';
	assert.is(plan({ permission: { kind: 'always' } }, editsMode), 'option-not-shown');
	// Focus elsewhere (a key pressed at the terminal): moves are counted from the focused option.
	assert.equal(plan({ permission: { kind: 'no' } }, dialog332.replace('❯ 1.', '  1.').replace('   3.', ' ❯ 3.')), { target: 'No', moves: ['Down'] });
});

test('a layout TaskPing does not know presses nothing', () => {
	assert.is(plan({ permission: { kind: 'yes' } }, ' ❯ 1. No\n   2. Yes, and switch to auto mode\n'), 'unknown-dialog-layout');
	assert.is(plan({ permission: { kind: 'no' } }, ' ❯ 1. Yes\n   2. Something new\n   3. No\n'), 'unknown-dialog-layout');
	assert.is(plan({ permission: { kind: 'yes' } }, '   1. Yes\n   2. No\n'), 'unknown-dialog-layout');
	assert.is(plan({ permission: { kind: 'yes' } }, 'nothing here'), 'unknown-dialog-layout');
	// The unnumbered auto-mode review ("❯ No / Yes", No pre-selected) has no numbers: not recognised.
	assert.is(plan({ permission: { kind: 'yes' } }, ' ❯ No\n   Yes\n'), 'unknown-dialog-layout');
});

test('questions: the option must carry the label the mail offered', () => {
	const question = ' ❯ 1. Red\n     The red one\n   2. Blue\n     The blue one\n   3. Type something.\n   4. Chat about this\n';
	assert.equal(plan({ option: 2, label: 'Blue' }, question), { target: 'Blue', moves: ['Down'] });
	assert.is(plan({ option: 2, label: 'Green' }, question), 'unknown-dialog-layout');
	assert.is(plan({ option: 7, label: 'Blue' }, question), 'option-not-shown');
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
