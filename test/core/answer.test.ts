import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parsePermissionAnswer, parseQuestionAnswer, readPermissionAnswer, readQuestion } from '../../src/dialog/answer.js';

type Want = 'yes' | 'always' | 'no' | 'unclear' | { yes: string } | { no: string };
const want = (reading: ReturnType<typeof readPermissionAnswer>): Want => {
	if (reading.kind === 'yes') return reading.note ? { yes: reading.note } : 'yes';
	if (reading.kind === 'no') return reading.feedback ? { no: reading.feedback } : 'no';
	return reading.kind;
};

/** [answer, reading]: what a person wrote back to a permission mail, in English and Chinese, both ways. */
const TABLE: Array<[string, Want]> = [
	// plain yes
	['yes', 'yes'], ['Yes.', 'yes'], ['YES!', 'yes'], ['ok', 'yes'], ['Okay', 'yes'], ['sure', 'yes'], ['approve', 'yes'], [' yes \n', 'yes'],
	['yep', 'yes'], ['Yes, please.', 'yes'], ['好的，谢谢', 'yes'], ['Go ahead', 'yes'], ['Sure, go ahead', 'yes'], ['yes please', 'yes'], ['LGTM', 'yes'],
	['批准', 'yes'], ['同意', 'yes'], ['可以', 'yes'], ['好的', 'yes'], ['可以！', 'yes'], ['好', 'yes'], ['行', 'yes'], ['确认', 'yes'], ['允許', 'yes'],
	// yes with a note (no refusal word in it)
	['yes, but be careful', { yes: 'but be careful' }], ['Yes - and run the tests after', { yes: 'and run the tests after' }], ['ok: use verbose output', { yes: 'use verbose output' }],
	['好的，顺便把日志也打印出来', { yes: '顺便把日志也打印出来' }], ['可以，记得提交', { yes: '记得提交' }],
	// always
	['always', 'always'], ['Always', 'always'], ['always allow', 'always'], ['总是允许', 'always'], ['始终允许', 'always'],
	// plain no
	['no', 'no'], ['No.', 'no'], ['nope', 'no'], ['deny', 'no'], ['reject', 'no'], ['Stop', 'no'], ['wait', 'no'], ['cancel', 'no'],
	['拒绝', 'no'], ['不行', 'no'], ['不要', 'no'], ['不可以', 'no'], ['不同意', 'no'], ['取消', 'no'], ['别', 'no'], ['先不', 'no'],
	// no with feedback
	['no, use make instead', { no: 'use make instead' }], ['No: run the tests first', { no: 'run the tests first' }], ['no, use make', { no: 'use make' }],
	['不要，改用 make', { no: '改用 make' }], ['拒绝：先跑测试', { no: '先跑测试' }],
	['please do not run that', { no: 'please do not run that' }], ["don't run it", { no: "don't run it" }], ['not now', { no: 'not now' }],
	['no way jose', { no: 'no way jose' }], ['Hold on, I need to check first', { no: 'Hold on, I need to check first' }],
	['先别运行', { no: '先别运行' }], ['别跑这个命令', { no: '别跑这个命令' }], ['等一下，我先看看', { no: '等一下，我先看看' }], ['不要运行，改用 make', { no: '不要运行，改用 make' }],
	['Stop, that deletes my data', { no: 'that deletes my data' }], ['cancel it please', { no: 'cancel it please' }],
	// yes AND no: unclear, nothing pressed
	['OK, no.', 'unclear'], ['好，不要', 'unclear'], ['可以，但先不要运行', 'unclear'], ['Yes — but don\u2019t run it', 'unclear'], ['ok：不行', 'unclear'],
	["yes, don't", 'unclear'], ['Sure, wait a moment', 'unclear'], ['yes no', 'unclear'], ['approve? no', 'unclear'], ['好的，先别动', 'unclear'],
	['可以，取消吧', 'unclear'], ['no problem', 'unclear'], ['没问题', 'unclear'], ['always, but not for rm', 'unclear'], ['yes, never mind', 'unclear'],
	// nothing clear at all
	['', 'unclear'], ['maybe', 'unclear'], ['yesterday', 'unclear'], ['nobody, ok', 'unclear'], ['yes?', 'unclear'], ['I think yes', 'unclear'],
	['也许可以', 'unclear'], ['1', 'unclear'], ['2', 'unclear'], ['3', 'unclear'], ['4', 'unclear'], ['always allow, and log it', 'unclear'], ['hmm', 'unclear'],
];

test(`a table of ${TABLE.length} answers, English and Chinese, both ways`, () => {
	assert.ok(TABLE.length >= 60);
	const wrong = TABLE.filter(([text, expected]) => JSON.stringify(want(readPermissionAnswer(text))) !== JSON.stringify(expected))
		.map(([text, expected]) => `${JSON.stringify(text)}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(readPermissionAnswer(text))}`);
	assert.equal(wrong, []);
});

test('an answer with a refusal word never approves', () => {
	for (const [text] of TABLE) {
		const reading = readPermissionAnswer(text);
		if (/\b(no|not|don'?t|stop|wait|cancel)\b|不|别|取消/i.test(text.replace(/\u2019/g, "'"))) assert.ok(reading.kind === 'no' || reading.kind === 'unclear', `${text}: ${JSON.stringify(reading)}`);
	}
});

test('unclear says why; parsePermissionAnswer gives null for it', () => {
	const reading = readPermissionAnswer('OK, no.');
	assert.ok(reading.kind === 'unclear' && reading.why.includes('yes and no'), JSON.stringify(reading));
	assert.is(parsePermissionAnswer('OK, no.'), null);
	assert.equal(parsePermissionAnswer('no, use make'), { kind: 'no', feedback: 'use make' });
	const digit = readPermissionAnswer('3');
	assert.ok(digit.kind === 'unclear' && digit.why.includes('auto mode'), JSON.stringify(digit));
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
