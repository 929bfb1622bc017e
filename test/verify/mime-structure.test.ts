import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isAddressedTo } from '../../src/verify/headers.js';
import { readMimeStructure } from '../../src/verify/mime-structure.js';

const mail = (contentType: string, body: string) => `From: a@b.test\r\nContent-Type: ${contentType}\r\n\r\n${body}`;
const alt = (...parts: string[]) => mail('multipart/alternative; boundary="B"', `${parts.map((p) => `--B\r\n${p}\r\n`).join('')}--B--\r\n`);
const codes = (raw: string) => readMimeStructure(raw).codes;

test('ordinary structures pass', () => {
	assert.equal(codes(alt('Content-Type: text/plain; charset=utf-8\r\n\r\nhi', 'Content-Type: text/html; charset=utf-8\r\n\r\n<p>hi</p>')), []);
	assert.equal(codes(mail('text/plain; charset="iso-2022-jp"', 'plain \x1b$B$3$s\x1b(B ok')), []);
	const mixed = mail('multipart/mixed; boundary="M"', '--M\r\nContent-Type: text/plain\r\n\r\none\r\n--M\r\nContent-Type: image/png; name="a.png"\r\nContent-Disposition: inline; filename*0="a"; filename*1=".png"\r\n\r\nAAAA\r\n--M\r\nContent-Type: text/plain\r\n\r\ntwo\r\n--M--\r\n');
	assert.equal(codes(mixed), [], 'Apple Mail splits text around an inline image: that is not an alternative');
});

test('a parameter named twice, or a part with two Content-Types, is refused', () => {
	assert.equal(codes(mail('text/plain; charset=utf-8; charset=iso-8859-1', 'x')), ['duplicate-mime-parameter']);
	assert.equal(codes(mail('multipart/alternative; boundary="A"; boundary="B"', '--A\r\n\r\nx\r\n--A--')), ['duplicate-mime-parameter']);
	assert.equal(codes(mail('text/plain; Charset=utf-8; charset*=utf-8\'\'utf-8', 'x')).sort(), ['duplicate-mime-parameter', 'unknown-charset']);
	assert.equal(codes(`Content-Type: text/plain\r\nContent-Type: text/html\r\n\r\nx`), ['duplicate-mime-parameter']);
});

test('an unquoted boundary with a space, or a UTF-8 byte-order mark under another label, is refused; the quoted and the labelled forms pass', () => {
	assert.equal(codes(mail('multipart/mixed; boundary=abc def', '--abc def\r\nContent-Type: text/plain\r\n\r\nx\r\n--abc def--')), ['unreadable-encoding']);
	assert.equal(codes(mail('multipart/mixed; boundary="abc def"', '--abc def\r\nContent-Type: text/plain\r\n\r\nx\r\n--abc def--')), []);
	assert.equal(codes(mail('multipart/mixed; boundary=----=_Part_1', '------=_Part_1\r\nContent-Type: text/plain\r\n\r\nx\r\n------=_Part_1--')), [], 'an unquoted = is read alike by every parser');
	assert.equal(codes(mail('text/plain; charset=windows-1252', '\xef\xbb\xbfOui')), ['unknown-charset']);
	assert.equal(codes(`Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: base64\r\n\r\n77u/T3Vp\r\n`), ['unknown-charset']);
	assert.equal(codes(`Content-Type: text/html; charset=windows-1252\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=EF=BB=BFOui`), ['unknown-charset']);
	assert.equal(codes(mail('text/plain; charset=utf-8', '\xef\xbb\xbfOui')), [], 'a BOM under a UTF-8 label says the same thing twice');
});

test('several alternatives of one type, or of a kind not read, are refused', () => {
	assert.equal(codes(alt('Content-Type: text/plain\r\n\r\none', 'Content-Type: text/plain\r\n\r\ntwo')), ['several-alternatives']);
	assert.equal(codes(alt('Content-Type: text/plain\r\n\r\none', 'Content-Type: text/enriched\r\n\r\n<bold>two</bold>')), ['several-alternatives']);
	assert.equal(codes(alt('Content-Type: text/html\r\n\r\none', 'Content-Type: text/html\r\n\r\ntwo')), ['several-alternatives']);
});

test('charsets whose decoding is ambiguous are refused', () => {
	assert.equal(codes(mail('text/plain; charset=utf-16', 'x')), ['unknown-charset']);
	assert.equal(codes(mail('text/plain; charset=iso-2022-jp', 'yen \x1b(J\\\x1b(B')), ['unknown-charset'], 'JIS-Roman');
	const b64 = Buffer.from('a \x1b(I1\x1b(B', 'latin1').toString('base64');
	assert.equal(codes(`Content-Type: text/plain; charset=ISO-2022-JP\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64}\r\n`), ['unknown-charset'], 'katakana in base64');
	assert.equal(codes(mail('text/plain; charset*0="utf"; charset*1="-7"', '+ABs-')), ['unknown-charset'], 'RFC 2231 continuation');
	assert.equal(codes(mail('text/plain; charset=iso-2022-jp-2', 'x')), ['unknown-charset']);
});

test('linear on a large mail', () => {
	const big = mail('text/plain; charset=utf-8', 'a line of text\r\n'.repeat(300_000));
	assert.equal(codes(big), []);
});

test('addressed to the service: To or Cc, sub-addresses count, groups are read', () => {
	const list = (...addresses: string[]) => ({ value: addresses.map((address) => ({ address })) });
	assert.ok(isAddressedTo(list('Service@TaskPing.test'), undefined, ['service@taskping.test']));
	assert.ok(isAddressedTo(list('bob@x.test'), list('service+tp@taskping.test'), ['service@taskping.test']));
	assert.ok(isAddressedTo({ value: [{ group: [{ address: 'service@taskping.test' }] }] }, undefined, ['service@taskping.test']));
	assert.not.ok(isAddressedTo(list('bob@x.test'), undefined, ['service@taskping.test']));
	assert.not.ok(isAddressedTo(undefined, undefined, ['service@taskping.test']));
	assert.ok(isAddressedTo(undefined, undefined, []), 'nothing configured: nothing to check against');
});

test.run();
