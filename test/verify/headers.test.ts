import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { simpleParser } from 'mailparser';
import { findDuplicateHeaders } from '../../src/verify/headers.js';

/** headerLines as mailparser builds them: lowercased key, raw line. */
function lines(...raw: string[]): Array<{ key: string; line: string }> {
	return raw.map((line) => ({ key: line.slice(0, line.indexOf(':')).trim().toLowerCase(), line }));
}

test('a normal reply has no duplicates', () => {
	const headers = lines('Received: from a', 'Received: from b', 'DKIM-Signature: v=1; d=x', 'DKIM-Signature: v=1; d=y', 'From: a@x.com', 'To: b@y.com', 'Subject: Re: task', 'Date: Mon, 1 Jan 2024 00:00:00 +0000', 'Message-ID: <1@x>', 'In-Reply-To: <0@y>', 'References: <0@y>');
	assert.equal(findDuplicateHeaders(headers), []);
});

test('a duplicate Subject above the signed one is found', () => {
	assert.equal(findDuplicateHeaders(lines('Subject: [TP-evil] rm -rf', 'DKIM-Signature: v=1; h=from:subject', 'From: a@x.com', 'Subject: Re: [TP-1234] task')), ['subject']);
});

test('every single-use header is checked, case-insensitively', () => {
	const names = ['From', 'Sender', 'To', 'Cc', 'Subject', 'Date', 'Message-ID', 'In-Reply-To', 'References', 'Reply-To', 'Auto-Submitted'];
	for (const name of names) {
		const found = findDuplicateHeaders(lines(`${name}: one`, `${name.toUpperCase()}: two`));
		assert.equal(found, [name.toLowerCase()], name);
	}
});

test('several duplicates are all reported, each once, in a fixed order', () => {
	const found = findDuplicateHeaders(lines('Subject: a', 'From: a@x', 'Subject: b', 'From: b@x', 'Subject: c', 'Date: d'));
	assert.equal(found, ['from', 'subject']);
});

test('headers that may repeat (Received, DKIM-Signature, Authentication-Results, Comments) are ignored', () => {
	assert.equal(findDuplicateHeaders(lines('Received: a', 'Received: b', 'Authentication-Results: x; none', 'Authentication-Results: y; none', 'Comments: a', 'Comments: b', 'X-Foo: 1', 'X-Foo: 2')), []);
});

test('falls back to the raw line when the key is empty or oddly cased', () => {
	assert.equal(findDuplicateHeaders([{ key: '', line: 'Subject : a' }, { key: 'SUBJECT', line: 'SUBJECT: b' }]), ['subject']);
});

test('works on mailparser output, including "Subject :" with a space before the colon', async () => {
	const raw = 'Subject : evil\r\nFrom: a@x.com\r\nFrom\t: b@evil.com\r\nsubject:good\r\nTo: c@y.com\r\n\r\nbody\r\n';
	const mail = await simpleParser(raw);
	assert.equal(findDuplicateHeaders(mail.headerLines), ['from', 'subject']);
});

test('an empty header list has no duplicates', () => {
	assert.equal(findDuplicateHeaders([]), []);
});

test.run();
