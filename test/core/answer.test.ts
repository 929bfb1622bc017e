import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parsePermissionAnswer, parseQuestionAnswer, readPermissionAnswer, readQuestion } from '../../src/dialog/answer.js';

type Want = 'yes' | 'always' | 'no' | 'unclear' | { no: string };
const want = (reading: ReturnType<typeof readPermissionAnswer>): Want => {
	if (reading.kind === 'no') return reading.feedback ? { no: reading.feedback } : 'no';
	return reading.kind;
};

/**
 * [answer, reading]: what a person wrote back to a permission mail. Approval is an allow-list:
 * only approval words and politeness approve; anything more is unclear. Red-team cases (a20xx,
 * FINDINGS2.md A1/A3) are marked with their number.
 */
const TABLE: Array<[string, Want]> = [
	// plain yes, en + zh (简/繁), signs
	['yes', 'yes'], ['Yes.', 'yes'], ['YES!', 'yes'], ['ok', 'yes'], ['Okay', 'yes'], ['sure', 'yes'], ['approve', 'yes'], [' yes \n', 'yes'], ['y', 'yes'],
	['yep', 'yes'], ['Yes, please.', 'yes'], ['好的，谢谢', 'yes'], ['Go ahead', 'yes'], ['Sure, go ahead', 'yes'], ['yes please', 'yes'], ['LGTM', 'yes'],
	['批准', 'yes'], ['同意', 'yes'], ['可以', 'yes'], ['好的', 'yes'], ['可以！', 'yes'], ['好', 'yes'], ['行', 'yes'], ['确认', 'yes'], ['允許', 'yes'], ['確認', 'yes'],
	['ｙｅｓ', 'yes'], ['yes!!!', 'yes'], ['yes 😀', 'yes'], ['ok, thanks!', 'yes'], ['Approved.', 'yes'], ['do it', 'yes'], ['yes\n\nThanks,\nMaya', 'yes'], ['yes\n— Maya', 'yes'], ['Yes.\nThanks, Maya', 'yes'], ['yes\n\nMaya Chen', 'yes'], ['yes\nThanks, Bob', 'unclear'], ['yes\nMaya, wait', 'unclear'],
	['👍🏽', 'yes'], ['✅', 'yes'], ['嗯', 'yes'], ['好的好的', 'yes'], ['可以的，谢谢', 'yes'], ['沒問題', 'yes'], ['對', 'yes'], ['OK啦', 'yes'], ['是啊', 'yes'], ['可是', 'unclear'], ['但是', 'unclear'], ['运行', 'unclear'], ['可是，好吧', 'unclear'], ['ok好的', 'yes'], ['okra', 'unclear'], ['yesno', 'unclear'], ['oké', 'unclear'],
	// red team A3: idioms with a negation that mean yes are whole phrases; tool-specific or ambiguous ones stay unclear, never a refusal
	['no problem', 'yes'], ['No worries, go ahead', 'yes'], ['Not a problem, yes', 'yes'], ['why not', 'yes'], ['sure, nothing to worry about', 'yes'], // a2040-a2044
	['没问题', 'yes'], ['好的，不错', 'yes'], ['👍', 'yes'], ['中', 'yes'], ['没事', 'yes'], ['没关系，继续', 'yes'], // a2050 a2052 a2032 a2056
	['没事，删吧', 'unclear'], ['不用问了，删吧', 'unclear'], ['删吧', 'unclear'], ['不用问了', 'unclear'], // a2051 a2053 a2058
	// always
	['always', 'always'], ['Always', 'always'], ['always allow', 'always'], ['总是允许', 'always'], ['始终允许', 'always'], ['Always.', 'always'], ['總是允許', 'always'],
	['yes, always', 'always'], ['一直允许', 'always'], ['总是', 'always'], ["yes, and don't ask again", 'always'], ['Yes, and don\u2019t ask again', 'always'], // a2075
	// plain no
	['no', 'no'], ['No.', 'no'], ['nope', 'no'], ['deny', 'no'], ['reject', 'no'], ['Stop', 'no'], ['wait', 'no'], ['cancel', 'no'],
	['拒绝', 'no'], ['不行', 'no'], ['不要', 'no'], ['不可以', 'no'], ['不同意', 'no'], ['取消', 'no'], ['别', 'no'], ['先不', 'no'], ['拒絕', 'no'], ['👎', 'unclear'],
	// no with feedback: sent to Claude as typed
	['no, use make instead', { no: 'use make instead' }], ['No: run the tests first', { no: 'run the tests first' }], ['no, use make', { no: 'use make' }],
	['不要，改用 make', { no: '改用 make' }], ['拒绝：先跑测试', { no: '先跑测试' }], ['拒绝：先备份', { no: '先备份' }], ['no, delete only build/tmp', { no: 'delete only build/tmp' }],
	['please do not run that', { no: 'please do not run that' }], ["don't run it", { no: "don't run it" }], ['not now', { no: 'not now' }], ['do not proceed', { no: 'do not proceed' }],
	['no way jose', { no: 'no way jose' }], ['Hold on, I need to check first', { no: 'Hold on, I need to check first' }], ['Nope. Run make clean.', { no: 'Run make clean.' }],
	['先别运行', { no: '先别运行' }], ['别跑这个命令', { no: '别跑这个命令' }], ['等一下，我先看看', { no: '等一下，我先看看' }], ['不要运行，改用 make', { no: '不要运行，改用 make' }],
	['Stop, that deletes my data', { no: 'that deletes my data' }], ['cancel it please', { no: 'cancel it please' }], ['No — use make clean instead', { no: 'use make clean instead' }],
	// red team A1: a yes with a condition, a time, a "but", a joke or a no-sign presses nothing
	['yes after lunch', 'unclear'], ['Yes, hold off until tomorrow', 'unclear'], ['Sure, but later', 'unclear'], ['OK, abort', 'unclear'], ['Yes... never mind', 'unclear'], // a2000-a2004
	['ok, forget it', 'unclear'], ['Yes? Negative.', 'unclear'], ['Approved — NOT', 'unclear'], ['yes (kidding)', 'unclear'], ['yeah right', 'unclear'], // a2005-a2009
	['好的，算了', 'unclear'], ['好吧，还是等等', 'unclear'], ['行，回头再说', 'unclear'], ['可以，但是先备份', 'unclear'], ['同意？否', 'unclear'], ['批准个鬼', 'unclear'], // a2012-a2017
	['Yes — hold on', 'unclear'], ['yes, halt', 'unclear'], ['yes, deny', 'unclear'], ['yes, decline', 'unclear'], ['yes, refuse', 'unclear'], ['Yes, reject it', 'unclear'], // a2023-a2028
	['yes pause', 'unclear'], ['yes postpone', 'unclear'], ['OK 👎', 'unclear'], ['yes ✗', 'unclear'], ['✔️ no', 'unclear'], ['yes 😂', 'unclear'], ['yes 😉', 'unclear'], // a2029-a2036
	['yes, rm -rf / too', 'unclear'], ['yes, and also run git push --force', 'unclear'], ['yes\n\nalso delete the database', 'unclear'], ['yes, noted', 'unclear'], // a2037-a2045
	['yes, note that build is regenerated', 'unclear'], ['yes, notify me when done', 'unclear'], ['Yes, knot', 'unclear'], ['yes, cannot hurt', 'unclear'], // a2046-a2049
	['yes, but be careful', 'unclear'], ['ok: use verbose output', 'unclear'], ['好的，顺便把日志也打印出来', 'unclear'], ['可以，记得提交', 'unclear'], ['好的，先跑测试', 'unclear'],
	['yes\n\nKidding', 'unclear'], ['yes\nLater', 'unclear'], ['yes\nno', 'unclear'], ['yes\n\nThanks,\nwait', 'unclear'], ['go home', 'unclear'], ['好人', 'unclear'],
	// yes AND no: unclear, nothing pressed
	['OK, no.', 'unclear'], ['好，不要', 'unclear'], ['可以，但先不要运行', 'unclear'], ['Yes — but don\u2019t run it', 'unclear'], ['ok：不行', 'unclear'],
	["yes, don't", 'unclear'], ['Sure, wait a moment', 'unclear'], ['yes no', 'unclear'], ['approve? no', 'unclear'], ['好的，先别动', 'unclear'], ['no go ahead', 'unclear'],
	['可以，取消吧', 'unclear'], ['always, but not for rm', 'unclear'], ['yes, never mind', 'unclear'], ['no: yes I know but not now', 'unclear'], ['no problem, but not now', 'unclear'],
	['always (for this session only)', 'unclear'], ['always allow, and log it', 'unclear'], ["don't ask again, no", 'unclear'],
	// other languages: never a wrong approve, never a refusal of a yes
	['Ja, aber nicht löschen', 'unclear'], ['Oui, mais pas maintenant', 'unclear'], ['Sí, pero todavía no', 'unclear'], ['はい、でも待って', 'unclear'], ['да, но не сейчас', 'unclear'],
	['ja', 'unclear'], ['oui', 'unclear'], ['sí', 'unclear'], ['はい', 'unclear'], ['네', 'unclear'], ['да', 'unclear'], ['evet', 'unclear'], ['ok ja', 'unclear'], ['nein', 'unclear'], ['d\'accord', 'unclear'],
	// nothing clear at all
	['', 'unclear'], ['maybe', 'unclear'], ['yesterday', 'unclear'], ['nobody, ok', 'unclear'], ['yes?', 'unclear'], ['I think yes', 'unclear'], ['okay?', 'unclear'],
	['也许可以', 'unclear'], ['1', 'unclear'], ['2', 'unclear'], ['3', 'unclear'], ['4', 'unclear'], ['hmm', 'unclear'], ['x', 'unclear'], ['✗', 'unclear'],
];

test(`a table of ${TABLE.length} answers, English and Chinese, both ways, and the red team's`, () => {
	assert.ok(TABLE.length >= 200);
	const wrong = TABLE.filter(([text, expected]) => JSON.stringify(want(readPermissionAnswer(text, { sender: 'maya.chen@example.com' }))) !== JSON.stringify(expected))
		.map(([text, expected]) => `${JSON.stringify(text)}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(readPermissionAnswer(text, { sender: 'maya.chen@example.com' }))}`);
	assert.equal(wrong, []);
});

test('an answer with a refusal word never approves', () => {
	for (const [text] of TABLE) {
		const reading = readPermissionAnswer(text);
		const idiom = /no problem|not a problem|no worries|why not|nothing to worry|don't ask again|没问题|沒問題|没事|没关系|不错/i;
		if (/\b(no|not|don'?t|stop|wait|cancel)\b|不|别|取消/i.test(text.replace(/\u2019/g, "'").replace(idiom, ''))) assert.ok(reading.kind === 'no' || reading.kind === 'unclear', `${text}: ${JSON.stringify(reading)}`);
	}
});

test('approval is an allow-list: any word added to a yes makes it unclear, and the reason quotes that word', () => {
	for (const yes of ['yes', 'OK', 'Sure', '好的', '可以', 'go ahead', 'no problem', '👍']) {
		assert.is(readPermissionAnswer(yes).kind, 'yes', yes);
		for (const extra of ['tomorrow', 'later', 'but', 'first', 'kidding', 'lol', '🤔', '😬', '先备份', '回头', '个鬼', 'then delete /', 'x']) {
			for (const text of [`${yes} ${extra}`, `${yes}, ${extra}`, `${extra} ${yes}`, `${yes}\n${extra}`]) {
				const reading = readPermissionAnswer(text);
				assert.ok(reading.kind === 'unclear', `${JSON.stringify(text)}: ${JSON.stringify(reading)}`);
			}
		}
	}
	const reading = readPermissionAnswer('yes after lunch');
	assert.ok(reading.kind === 'unclear' && reading.why.includes('"after", "lunch"'), JSON.stringify(reading));
});

test('a cut signature must be an ordinary closing: a name, a title, contact details — never a yes, a no or a condition', () => {
	const sender = 'maya.chen@example.com';
	const ordinary = [['Maya'], ['Maya Chen\nStaff Engineer | Platform\nAcme Inc.\n+1 (555) 010-2233\nmaya@acme.example'], ['Best regards,\nMaya Chen'], ['陈玛雅'], ['— Maya'], ['Maya Chen\nhttps://acme.example']];
	for (const setAside of ordinary) assert.is(readPermissionAnswer('yes', { setAside, sender }).kind, 'yes', setAside[0]);
	const unusual = [["No! don't delete build, it has the release artefacts"], ["no, don't run it"], ['Actually scratch that'], ['Later'], ['Kidding'], ['wait'], ['回头再说'], ['不要删'], ['Maya\nP.S. only after the backup']];
	for (const setAside of unusual) {
		const reading = readPermissionAnswer('yes', { setAside, sender });
		assert.ok(reading.kind === 'unclear' && reading.why.includes('signature'), `${setAside[0]}: ${JSON.stringify(reading)}`);
		assert.is(readPermissionAnswer('always', { setAside, sender }).kind, 'unclear');
		assert.is(readPermissionAnswer('no', { setAside, sender }).kind, 'unclear');
	}
});

test('unclear says why; parsePermissionAnswer gives null for it', () => {
	const reading = readPermissionAnswer('OK, no.');
	assert.ok(reading.kind === 'unclear' && reading.why.includes('yes and no'), JSON.stringify(reading));
	assert.is(parsePermissionAnswer('OK, no.'), null);
	assert.equal(parsePermissionAnswer('no, use make'), { kind: 'no', feedback: 'use make' });
	const digit = readPermissionAnswer('3');
	assert.ok(digit.kind === 'unclear' && digit.why.includes('auto mode'), JSON.stringify(digit));
	const foreign = readPermissionAnswer('Ja');
	assert.ok(foreign.kind === 'unclear' && foreign.why.includes('English or Chinese'), JSON.stringify(foreign));
});

test('a long answer is read to the end: one word past thousands of harmless ones still makes it unclear', () => {
	assert.is(readPermissionAnswer(`yes ${'please '.repeat(20_000)}`).kind, 'yes');
	assert.is(readPermissionAnswer(`yes ${'please '.repeat(20_000)}later`).kind, 'unclear');
	assert.is(readPermissionAnswer('x'.repeat(100_000)).kind, 'unclear');
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
