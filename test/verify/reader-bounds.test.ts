// The reply reader's work is bounded by the page, and large real replies are read
// (their times are bench 9's job, never a timed test): a 1 MB Outlook or Gmail reply
// is typed exactly; markup that makes the WHATWG parser re-open elements by the ten
// thousand, or nest past any client, is refused before anything walks it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SessionRecord } from '../../src/session/store.js';
import { MAX_HTML_ELEMENTS, parseHtml } from '../../src/reply/html-tree.js';
import { readVisible } from '../../src/verify/hidden-html.js';
import { decideReply } from '../../src/verify/decide.js';
import { parseMail } from '../../src/watch/handle.js';
import { READER_ANSWER, READER_AUTHSERV, READER_FROM, READER_SERVICE, READER_SHAPES } from '../../bench/reader-shapes.js';

const now = new Date('2026-12-07T06:30:00Z');
const session = (token: string): SessionRecord => ({
	token, tmux: { socket: '/tmp/none', pane: '%1' }, claudeSessionId: 's', claudeConfigDir: null, cwd: '/work/shop-api', transcriptPath: '',
	createdAt: now.toISOString(), refreshedAt: now.toISOString(), expiresAt: new Date(now.getTime() + 3600_000).toISOString(), recipients: [READER_FROM], messageIds: [],
}) as SessionRecord;

async function decide(raw: string) {
	const mail = await parseMail(Buffer.from(raw));
	assert.ok(mail);
	return decideReply(mail, { config: { allowedSenders: [READER_FROM], maxReplyLength: 4000, authservId: READER_AUTHSERV, emailFrom: READER_SERVICE }, findSession: session, isProcessed: () => false, now, raw: Buffer.from(raw) });
}

const shape = (name: string) => READER_SHAPES.find((s) => s.name === name)!;
const htmlMail = (html: string) => shape('hostile').build(10).replace(/\r\n\r\n[\s\S]*$/, `\r\n\r\n${html}\r\n`);

for (const name of ['outlook', 'gmail']) {
	test(`a 1 MB ${name} reply (its client's HTML over a long thread) is read: the answer typed, nothing of the thread`, async () => {
		const decision = await decide(shape(name).build(1_000_000));
		assert.equal(decision.reasons, [], decision.details.join(' | '));
		assert.is(decision.text, READER_ANSWER);
	});
}

test('markup that makes the parser re-open formatting elements at every block is given up at the element bound: too-complex', async () => {
	const soup = Array.from({ length: 10_000 }, (_, i) => `<b id=${i}><p>x`).join('');
	const page = parseHtml(soup);
	assert.is(page.abandoned, 'too-many-elements', `${MAX_HTML_ELEMENTS}`);
	assert.ok(readVisible(page).problem);
	const decision = await decide(htmlMail(`<div>${READER_ANSWER}</div>${soup}`));
	assert.equal(decision.reasons, ['too-complex'], decision.details.join(' | '));
});

test('nesting past any client is refused as HTML TaskPing does not read, before any walk (it was a blown stack, `error`)', async () => {
	for (const deep of ['<div>'.repeat(5_000), '<b><div>'.repeat(400), '<table><tr><td>'.repeat(300)]) {
		const decision = await decide(htmlMail(`<div>${READER_ANSWER}</div>${deep}x`));
		assert.equal(decision.reasons, ['html-unsupported'], decision.details.join(' | '));
	}
});

test.run();
