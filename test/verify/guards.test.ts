import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatCode, readCode } from '../../src/verify/confirm-code.js';
import { applyGuards, emptyGuardState, recordTyped, type GuardSettings, type GuardState, type Guarded } from '../../src/verify/guards.js';

const SETTINGS: GuardSettings = { ratePerSender: 5, ratePerSession: 3, rateWindowMinutes: 10, duplicateWindowSeconds: 120, confirmByCode: false };
const T0 = Date.parse('2026-11-24T10:00:00Z');

const mail = (over: Partial<Guarded> = {}): Guarded => ({
	from: 'alice@users.test', trusted: true, text: 'continue', reasons: [], accepted: true, answerable: true, note: null, sessionKey: 'S1', dialog: false, ...over,
});

/** Runs mails through the guards in order, one second apart. */
function run(mails: Guarded[], settings = SETTINGS, state: GuardState = emptyGuardState(), start = T0) {
	const out: Guarded[] = [];
	mails.forEach((m, i) => {
		const result = applyGuards(m, state, settings, start + i * 1000, () => '12345678');
		state = result.state;
		out.push(result.decision);
	});
	return { out, state };
}

test('per-session limit: typed attempts beyond the limit are refused, answered once', () => {
	const { out } = run([1, 2, 3, 4, 5].map((n) => mail({ text: `step ${n}` })));
	assert.equal(out.map((d) => d.accepted), [true, true, true, false, false]);
	assert.ok(out[3]!.reasons.includes('rate-limited-session'));
	assert.equal(out.map((d) => d.answerable), [true, true, true, true, false]);
});

test('per-sender limit counts every mail of a trusted sender, refused ones too', () => {
	const mails = Array.from({ length: 7 }, (_, n) => mail({ text: `x ${n}`, sessionKey: `S${n}`, reasons: n % 2 ? ['denied-pattern'] : [], accepted: n % 2 === 0 }));
	const { out } = run(mails);
	assert.ok(out[5]!.reasons.includes('rate-limited-sender'));
	assert.ok(out[6]!.reasons.includes('rate-limited-sender'));
	assert.not.ok(out[4]!.reasons.includes('rate-limited-sender'));
});

test('untrusted mail (forged or off the whitelist) never counts and is never changed', () => {
	const forged = Array.from({ length: 20 }, () => mail({ trusted: false, accepted: false, reasons: ['sender-not-authenticated'] }));
	const { state } = run(forged);
	assert.is(state.mails.length, 0);
	const { out } = run([mail()], SETTINGS, state);
	assert.is(out[0]!.accepted, true);
});

test('the window slides: after it, the sender may send again', () => {
	const { state } = run([1, 2, 3].map((n) => mail({ text: `s ${n}` })));
	const late = applyGuards(mail({ text: 'later' }), state, SETTINGS, T0 + 11 * 60_000);
	assert.is(late.decision.accepted, true);
});

test('the same text typed again within the window is a probable duplicate; after it, fine', () => {
	const state = recordTyped(emptyGuardState(), 'S1', 'continue', T0);
	assert.ok(applyGuards(mail(), state, SETTINGS, T0 + 30_000).decision.reasons.includes('probable-duplicate'));
	assert.is(applyGuards(mail({ sessionKey: 'S2' }), state, SETTINGS, T0 + 30_000).decision.accepted, true, 'other session');
	assert.is(applyGuards(mail(), state, SETTINGS, T0 + 121_000).decision.accepted, true);
});

test('confirm by code: a risky reply is held with a code; the code types the held text once', () => {
	const settings = { ...SETTINGS, confirmByCode: true };
	const risky = applyGuards(mail({ text: 'rm -rf ~/build', reasons: ['denied-pattern'], accepted: false }), emptyGuardState(), settings, T0, () => '12345678');
	assert.ok(risky.decision.reasons.includes('needs-confirmation'));
	assert.match(risky.decision.note!, '1234 5678');
	assert.match(risky.decision.note!, 'rm -rf ~/build');
	assert.not.ok(JSON.stringify(risky.state).includes('12345678'), 'only a hash of the code is stored');
	const wrongSender = applyGuards(mail({ from: 'bob@users.test', text: '1234 5678' }), risky.state, settings, T0 + 1000);
	assert.is(wrongSender.decision.text, '1234 5678', 'another sender cannot use the code');
	const ok = applyGuards(mail({ text: 'Code: 1234-5678' }), risky.state, settings, T0 + 2000);
	assert.is(ok.decision.accepted, true);
	assert.is(ok.decision.text, 'rm -rf ~/build');
	const again = applyGuards(mail({ text: '12345678' }), ok.state, settings, T0 + 3000);
	assert.is(again.decision.text, '12345678', 'used once');
});

test('confirm by code: three wrong codes or ten minutes end it; shell mode and unauthenticated mail are never held', () => {
	const settings = { ...SETTINGS, confirmByCode: true };
	let { state } = applyGuards(mail({ text: '/clear', reasons: ['slash-command'], accepted: false }), emptyGuardState(), settings, T0, () => '12345678');
	for (let i = 1; i <= 3; i++) {
		const wrong = applyGuards(mail({ text: '0000 0000' }), state, settings, T0 + i * 1000);
		assert.ok(wrong.decision.reasons.includes('wrong-code'));
		state = wrong.state;
	}
	assert.is(applyGuards(mail({ text: '1234 5678' }), state, settings, T0 + 5000).decision.text, '1234 5678');
	const held = applyGuards(mail({ text: '/clear', reasons: ['slash-command'], accepted: false }), emptyGuardState(), settings, T0, () => '12345678');
	assert.is(applyGuards(mail({ text: '12345678' }), held.state, settings, T0 + 11 * 60_000).decision.text, '12345678', 'expired');
	for (const reasons of [['shell-mode'], ['denied-pattern', 'terminal-control'], ['hidden-text']]) {
		assert.not.ok(applyGuards(mail({ text: '!x', reasons, accepted: false }), emptyGuardState(), settings, T0).decision.note, reasons.join());
	}
	assert.not.ok(applyGuards(mail({ text: '/clear', reasons: ['slash-command'], trusted: false }), emptyGuardState(), settings, T0).decision.note);
});

test('codes read from what phones and people write', () => {
	assert.is(formatCode('12345678'), '1234 5678');
	for (const text of ['12345678', '1234 5678', '1234-5678', 'code: 1234 5678.', '１２３４５６７８']) assert.is(readCode(text), '12345678', text);
	for (const text of ['123456789', 'run 12345678', '1234 5678 and more']) assert.is(readCode(text), null, text);
});

test.run();
