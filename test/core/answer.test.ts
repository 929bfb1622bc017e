import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parsePermissionAnswer, parseQuestionAnswer, readQuestion } from '../../src/dialog/answer.js';

test('yes in the words people write from a phone', () => {
	for (const text of ['yes', 'Yes.', 'YES!', 'ok', 'Okay', '1', 'approve', '批准', '同意', '可以', '好的', '可以！', ' yes \n']) assert.equal(parsePermissionAnswer(text), { kind: 'yes' }, text);
});

test('always', () => {
	for (const text of ['always', 'Always', '2', '总是允许', 'always allow']) assert.equal(parsePermissionAnswer(text), { kind: 'always' }, text);
});

test('no, and no with feedback', () => {
	for (const text of ['no', 'No.', 'deny', 'reject', '3', '拒绝', '不行', '不要']) assert.equal(parsePermissionAnswer(text), { kind: 'no' }, text);
	assert.equal(parsePermissionAnswer('no, use make instead'), { kind: 'no', feedback: 'use make instead' });
	assert.equal(parsePermissionAnswer('No: run the tests first'), { kind: 'no', feedback: 'run the tests first' });
	assert.equal(parsePermissionAnswer('不要，改用 make'), { kind: 'no', feedback: '改用 make' });
	assert.equal(parsePermissionAnswer('拒绝：先跑测试'), { kind: 'no', feedback: '先跑测试' });
	assert.equal(parsePermissionAnswer('yes, but be careful'), { kind: 'yes', note: 'but be careful' });
});

test('anything unclear is refused, never guessed', () => {
	for (const text of ['', 'maybe', 'no way jose', 'please do not run that', 'yesterday', 'not now', '4', 'nobody, ok']) assert.is(parsePermissionAnswer(text), null, text);
});

test('questions: by number or by label, nothing else', () => {
	const labels = ['Red', 'Blue'];
	assert.equal(parseQuestionAnswer('2', labels), { index: 1, label: 'Blue' });
	assert.equal(parseQuestionAnswer('blue', labels), { index: 1, label: 'Blue' });
	assert.equal(parseQuestionAnswer('2. Blue', labels), { index: 1, label: 'Blue' });
	assert.equal(parseQuestionAnswer('Red.', labels), { index: 0, label: 'Red' });
	assert.is(parseQuestionAnswer('3', labels), null);
	assert.is(parseQuestionAnswer('1. Blue', labels), null);
	assert.is(parseQuestionAnswer('purple', labels), null);
	const question = readQuestion({ questions: [{ question: 'Which colour?', header: 'Colour', options: [{ label: 'Red', description: 'r' }, { label: 'Blue', description: 'b' }], multiSelect: false }] });
	assert.equal(question?.labels, ['Red', 'Blue']);
	assert.is(readQuestion({ command: 'ls' }), null);
});

test.run();
