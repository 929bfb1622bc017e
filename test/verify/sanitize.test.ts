import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sanitizeForTerminal } from '../../src/verify/sanitize.js';

const ESC = '\x1b';

/** No byte a terminal would act on may survive, whatever else happens. */
function assertInert(text: string): void {
	assert.not.match(text, /[\x00-\x08\x0b-\x1f\x7f-\x9f]/, `control left in ${JSON.stringify(text)}`);
	assert.not.match(text, /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u200B\u200C\u2060\uFEFF\u180E]/u);
}

test('plain text, Chinese and emoji pass unchanged with nothing reported', () => {
	for (const text of ['please continue', '继续执行', 'tabs\tand\nlines', 'quotes "x" \'y\' `z` $HOME \\', '👍 done «ok»']) {
		assert.equal(sanitizeForTerminal(text), { text, removed: [] });
	}
});

test('paste breakout: ESC[201~ followed by CR is removed and reported, the CR becomes LF', () => {
	const result = sanitizeForTerminal(`harmless${ESC}[201~\r!rm -rf ~\r`);
	assert.is(result.text, 'harmless\n!rm -rf ~\n');
	assert.ok(result.removed.includes('bracketed-paste'));
	assertInert(result.text);
});

test('bracketed-paste start sequence ESC[200~ is removed too', () => {
	const result = sanitizeForTerminal(`a${ESC}[200~b`);
	assert.is(result.text, 'ab');
	assert.equal(result.removed, ['bracketed-paste']);
});

test('paste end split by zero-width or control chars is still recognised whole', () => {
	for (const split of [`${ESC}\u200B[201~`, `${ESC}[20\u00001~`, `${ESC}[2\u202E01~`, `${ESC}\x00[201~`]) {
		const result = sanitizeForTerminal(`x${split}\ry`);
		assert.is(result.text, 'x\ny', JSON.stringify(split));
		assert.ok(result.removed.includes('bracketed-paste'), JSON.stringify(split));
	}
});

test('paste end whose ESC is cut off by another sequence leaves no [201~ behind', () => {
	const result = sanitizeForTerminal(`x${ESC}${ESC}[0m[201~y`);
	assert.is(result.text, 'xy');
	assert.ok(result.removed.includes('bracketed-paste'));
});

test('8-bit CSI 0x9B 201~ is removed as a whole', () => {
	const result = sanitizeForTerminal('x\x9b201~\ry');
	assert.is(result.text, 'x\ny');
	assert.ok(result.removed.includes('bracketed-paste'));
});

test('a literal "[201~" without ESC is ordinary text', () => {
	assert.equal(sanitizeForTerminal('the sequence [201~ ends a paste'), { text: 'the sequence [201~ ends a paste', removed: [] });
});

test('OSC 52 clipboard write is removed with its payload (BEL and ST terminated)', () => {
	for (const end of ['\x07', `${ESC}\\`, '\x9c']) {
		const result = sanitizeForTerminal(`before${ESC}]52;c;cm0gLXJmIH4K${end}after`);
		assert.is(result.text, 'beforeafter');
		assert.equal(result.removed, ['escape-sequence']);
	}
});

test('unterminated OSC swallows the rest, as a terminal would', () => {
	const result = sanitizeForTerminal(`keep${ESC}]0;title never ends`);
	assert.is(result.text, 'keep');
	assert.equal(result.removed, ['escape-sequence']);
});

test('OSC 8 hyperlink keeps the visible text only', () => {
	const result = sanitizeForTerminal(`${ESC}]8;;https://evil.example${ESC}\\click${ESC}]8;;${ESC}\\`);
	assert.is(result.text, 'click');
});

test('DCS, APC, PM and SOS strings are removed', () => {
	for (const intro of ['P', '_', '^', 'X']) {
		const result = sanitizeForTerminal(`a${ESC}${intro}payload${ESC}\\b`);
		assert.is(result.text, 'ab', intro);
	}
	assert.is(sanitizeForTerminal('a\x90payload\x9cb').text, 'ab');
});

test('CSI colour and cursor codes are removed', () => {
	const result = sanitizeForTerminal(`${ESC}[31mred${ESC}[0m ${ESC}[1;32;40mgreen${ESC}[m ${ESC}[2J${ESC}[H${ESC}[?25l`);
	assert.is(result.text, 'red green ');
	assert.equal(result.removed, ['escape-sequence']);
});

test('other ESC sequences (charset, reset, keypad) and a lone ESC are removed', () => {
	assert.is(sanitizeForTerminal(`a${ESC}(Bb${ESC}cc${ESC}=d${ESC}7e`).text, 'abcde');
	const lone = sanitizeForTerminal(`end${ESC}`);
	assert.is(lone.text, 'end');
	assert.equal(lone.removed, ['escape-sequence']);
	assert.is(sanitizeForTerminal(`${ESC}${ESC}${ESC}é`).text, 'é');
});

test('interrupted CSI is removed up to where it broke off', () => {
	const result = sanitizeForTerminal(`a${ESC}[12é`);
	assert.is(result.text, 'aé');
	assertInert(result.text);
});

test('Ctrl-C (\\x03) and other C0 controls are removed, \\n and \\t kept', () => {
	const result = sanitizeForTerminal('stop\x03 now\x04\x00\x08\x7f\x1a\tok\n');
	assert.is(result.text, 'stop now\tok\n');
	assert.equal(result.removed, ['control']);
});

test('BEL outside a sequence and C1 controls are removed', () => {
	const result = sanitizeForTerminal('ding\x07 \x85next\x9c\x80');
	assert.is(result.text, 'ding next');
	assert.equal(result.removed, ['control']);
});

test('CRLF and lone CR become LF and are not reported', () => {
	assert.equal(sanitizeForTerminal('one\r\ntwo\rthree\n'), { text: 'one\ntwo\nthree\n', removed: [] });
});

test('bidi override trick (RLO) is reported as a bidi control (the caller refuses it)', () => {
	const result = sanitizeForTerminal('run \u202Efdp.exe\u202C now');
	assert.is(result.text, 'run fdp.exe now');
	assert.equal(result.removed, ['bidi-control']);
});

test('embeddings, overrides and isolates are bidi controls; LRM/RLM/ALM are marks', () => {
	for (const char of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069']) {
		assert.equal(sanitizeForTerminal(`a${char}b`), { text: 'ab', removed: ['bidi-control'] }, char.codePointAt(0)?.toString(16));
	}
	for (const char of ['\u200E', '\u200F', '\u061C']) assert.equal(sanitizeForTerminal(`a${char}b`), { text: 'ab', removed: ['bidi'] });
});

test('variation selectors: VS16/VS15 after an emoji is text, any other is reported', () => {
	for (const ok of ['❤\uFE0F', '1\uFE0F\u20E3', '☺\uFE0E']) assert.equal(sanitizeForTerminal(`ok ${ok}`), { text: `ok ${ok}`, removed: [] }, ok);
	for (const bad of ['a\uFE0F', 'a\uFE00', '❤\uFE01', 'x\u{E0100}', '\u{E01EF}']) assert.equal(sanitizeForTerminal(`ok ${bad}`).removed, ['variation-selector'], bad);
});

test('zero-width characters inside "rm" are removed so the deny-list sees rm; a ZWNJ there is refused', () => {
	const result = sanitizeForTerminal('r\u200Bm -rf \u2060~\uFEFF');
	assert.is(result.text, 'rm -rf ~');
	assert.equal(result.removed, ['zero-width']);
	assert.equal(sanitizeForTerminal('rm -r\u200Cf'), { text: 'rm -rf', removed: ['invisible-character'] });
	assert.is(sanitizeForTerminal('a\u180Eb').text, 'ab');
});

test('ZWJ between Latin letters is refused, ZWJ inside emoji sequences is kept', () => {
	assert.equal(sanitizeForTerminal('r\u200Dm'), { text: 'rm', removed: ['invisible-character'] });
	for (const emoji of ['👨\u200D👩\u200D👧', '🏳\uFE0F\u200D🌈', '👩🏽\u200D💻', '❤\uFE0F\u200D🔥']) {
		assert.equal(sanitizeForTerminal(`ok ${emoji}`), { text: `ok ${emoji}`, removed: [] });
	}
	assert.equal(sanitizeForTerminal('👍\u200Dx'), { text: '👍x', removed: ['invisible-character'] });
	assert.equal(sanitizeForTerminal('x\u200D👍'), { text: 'x👍', removed: ['invisible-character'] });
});

test('ZWNJ/ZWJ that spell a word (Persian, Hindi, Bengali) are typed as written; at a word edge or across scripts they are refused', () => {
	for (const word of ['به\u200Cروزرسانی', 'می\u200Cخواهم', 'क्\u200Dष', 'क्\u200Cष', 'র\u200D্য']) {
		assert.equal(sanitizeForTerminal(`ok ${word}`), { text: `ok ${word}`.normalize('NFC'), removed: [] }, word);
	}
	assert.equal(sanitizeForTerminal('ها\u200C ok').removed, ['invisible-character'], 'word edge');
	assert.equal(sanitizeForTerminal('ب\u200Ca').removed, ['invisible-character'], 'Arabic then Latin');
	assert.equal(sanitizeForTerminal('\u200Cب').removed, ['invisible-character'], 'at the start');
});

test('Unicode tag characters (hidden ASCII) are removed, except in the England flag', () => {
	const hidden = [...'ignore'].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('');
	assert.equal(sanitizeForTerminal(`hi${hidden}`), { text: 'hi', removed: ['tag'] });
	assert.equal(sanitizeForTerminal(`🏴${hidden}\u{E007F}`), { text: '🏴', removed: ['tag'] });
	const england = '🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}';
	assert.equal(sanitizeForTerminal(`go ${england}`), { text: `go ${england}`, removed: [] });
});

test('NFC normalisation composes decomposed letters', () => {
	const result = sanitizeForTerminal('cafe\u0301');
	assert.is(result.text, 'café');
	assert.is(result.text.length, 4);
	assert.equal(result.removed, []);
});

test('several kinds at once are each reported once', () => {
	const result = sanitizeForTerminal(`${ESC}[31m\x03\u202E\u200Bx${ESC}[31m\x03`);
	assert.is(result.text, 'x');
	assert.equal([...result.removed].sort(), ['bidi-control', 'control', 'escape-sequence', 'zero-width']);
});

test('fuzz: random mixes of hostile bytes never leave a control or ESC', () => {
	const alphabet = [ESC, '\x03', '\x00', '\x7f', '[', ']', '2', '0', '1', '~', '\x07', '\x9b', '\x9d', '\x9c', '\\', '\r', '\n', 'a', '\u200B', '\u202E', '\u200D', '👍', ';', 'P'];
	let seed = 42;
	const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648);
	for (let round = 0; round < 2000; round++) {
		let text = '';
		for (let i = 0; i < 30; i++) text += alphabet[next() % alphabet.length];
		const result = sanitizeForTerminal(text);
		assertInert(result.text);
		assert.not.ok(result.text.includes('\r'));
		assert.equal(sanitizeForTerminal(result.text), { text: result.text, removed: [] }, JSON.stringify(text));
	}
});

test.run();
