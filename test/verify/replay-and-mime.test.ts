// Red team round 2, classes R (replay, automated) and M (MIME): a signed mail re-sent with an unsigned
// Cc/In-Reply-To naming TaskPing, Exchange out-of-office replies without Auto-Submitted, transfer encodings
// and charsets read differently by clients; real replies from Outlook.com, M365, QQ, 163, Gmail still typed.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { simpleParser } from 'mailparser';
import type { SessionRecord } from '../../src/session/store.js';
import { decideReply } from '../../src/verify/decide.js';
import { readDkimTags } from '../../src/verify/signed-headers.js';
import { detectAutomated } from '../../src/reply/automated.js';

const FIXTURES = new URL('../../../test/fixtures/', import.meta.url);
const now = new Date('2026-12-07T06:30:00Z');
const session = (token: string, sender: string): SessionRecord => ({
	token, tmux: { socket: '/tmp/none', pane: '%1' }, claudeSessionId: 's', claudeConfigDir: null, cwd: '/work/proj', transcriptPath: '',
	createdAt: now.toISOString(), refreshedAt: now.toISOString(), expiresAt: new Date(now.getTime() + 3600_000).toISOString(), recipients: [sender], messageIds: [],
} as SessionRecord);

async function decide(path: string) {
	const raw = readFileSync(new URL(`${path}.eml`, FIXTURES));
	const mail = await simpleParser(raw);
	const sender = mail.from?.value[0]?.address?.toLowerCase() ?? '';
	return decideReply(mail, {
		config: { allowedSenders: [sender], maxReplyLength: 4000, authservId: 'mx.taskping.test', emailFrom: 'TaskPing <taskping@notify.devbox.example.net>' },
		findSession: (token) => session(token, sender), isProcessed: () => false, now, raw,
	});
}

const REFUSED: Record<string, string> = {
	// R1: the header naming TaskPing or carrying the token is neither signed nor sent from her own address.
	'replay/outlook-fwd-to-bob-added-cc': 'unsigned-addressing', 'replay/outlook-mail-to-bob-added-irt-cc': 'unsigned-addressing',
	'replay/m365-to-rewritten-spf-fail': 'unsigned-addressing', 'replay/gmail-irt-unsigned-spf-other': 'unsigned-addressing',
	'replay/second-signature-claims-cover': 'unsigned-addressing',
	// R2: Exchange inbox-rule replies under localised subjects, no Auto-Submitted.
	'redteam/r26-ooo-outlook-headers': 'automated:inbox-rule', 'redteam/r30-oof-de': 'automated:inbox-rule', 'redteam/r33-oof-ja': 'automated:inbox-rule',
	'redteam/r35-oof-ru': 'automated:inbox-rule', 'redteam/r37-oof-pt': 'automated:inbox-rule',
	// M1: what TaskPing would read differs from what the sender's client shows.
	'redteam/m201-b64-padding-mid': 'unreadable-encoding', 'redteam/m202-b64-padding-mid-sameline': 'unreadable-encoding',
	'redteam/m213-cte-x-uuencode': 'unreadable-encoding', 'redteam/m219-iso-8859-8-visual': 'unknown-charset',
	'redteam/m233-no-content-type-utf8': 'unreadable-characters',
	// M3: an unquoted boundary with a space (parsers end it at different places); a UTF-8 byte-order mark under another label.
	'redteam/m301-boundary-unquoted-space': 'unreadable-encoding', 'redteam/m312-1252-label-utf8-bom': 'unknown-charset',
	'redteam/m314-plain-1252-label-utf8-bom': 'unknown-charset',
};
for (const [name, reason] of Object.entries(REFUSED)) {
	test(`${name}: refused (${reason})`, async () => {
		const decision = await decide(name);
		assert.is(decision.accepted, false, `typed: ${JSON.stringify(decision.text)}`);
		assert.ok(decision.reasons.includes(reason), `reasons: ${decision.reasons.join(', ')}; details: ${decision.details.join(' | ')}`);
	});
}

const TYPED: Record<string, string> = {
	'replay/outlook-com-reply': 'Yes, update the README.', 'replay/m365-reply-domain-mailfrom': 'Yes, update the README.', 'replay/qq-reply-via-forwarder': 'Yes, update the README.',
	'replay/163-reply': 'Yes, update the README.', 'replay/gmail-reply-via-forwarder': 'Yes, update the README.',
	// M2: joiners that spell the word are typed as written.
	'redteam/b74-gmail-fa-zwnj': 'بله، لطفاً README را به\u200Cروزرسانی کن. می\u200Cخواهم تست\u200Cها هم اجرا شوند.',
	'redteam/b75-gmail-hi-zwj': 'हाँ, README अपडेट कर दो। क्\u200Dया टेस्ट भी चला दोगे?',
	'redteam/b76-gmail-emoji-zwj-vs': 'Yes, update the README ❤️👍🏽 👨\u200D💻 1️⃣ ☺️',
	'redteam/m220-iso-8859-8-i': 'כן, עדכן את README', 'redteam/m212-cte-binary': 'Yes, update the README.', 'redteam/m209-cte-uppercase-spaces': 'Yes, update the README.',
};
for (const [name, text] of Object.entries(TYPED)) {
	test(`${name}: a real reply is typed as written`, async () => {
		const decision = await decide(name);
		assert.equal(decision.reasons, [], decision.details.join(' | '));
		assert.is(decision.text, text);
	});
}

test('the refusal names what was not signed and which SPF result was seen', async () => {
	const decision = await decide('replay/outlook-fwd-to-bob-added-cc');
	const detail = decision.details.find((d) => d.startsWith('unsigned-addressing:')) ?? '';
	assert.match(detail, /d=outlook\.com h= does not cover the TaskPing address \(cc\)/);
	assert.match(detail, /spf=pass smtp\.mailfrom=bob\.li@example\.com/);
});

test('DKIM-Signature tags: folded values joined, names lowercased, a repeated tag or a tag without = is malformed', () => {
	const tags = readDkimTags('DKIM-Signature: v=1; D=outlook.com;\r\n h=From:Date:\r\n\tSubject; b=ab\r\n cd');
	assert.is(tags?.get('d'), 'outlook.com');
	assert.is(tags?.get('h'), 'From:Date:Subject');
	assert.is(tags?.get('b'), 'abcd');
	assert.is(readDkimTags('DKIM-Signature: d=a; d=b'), null);
	assert.is(readDkimTags('DKIM-Signature: d=a; junk'), null);
});

test('automated by header: Inbox-Rules-Loop, X-Auto-Response-Suppress: All; a person\'s mail with neither is not', () => {
	const headers = (entries: Record<string, string>) => new Map(Object.entries(entries));
	assert.is(detectAutomated(headers({ 'x-ms-exchange-inbox-rules-loop': 'maya@contoso.com' }), 'Done'), 'automated:inbox-rule');
	assert.is(detectAutomated(headers({ 'x-auto-response-suppress': 'All' }), 'Done'), 'automated:x-auto-response-suppress');
	assert.is(detectAutomated(headers({ 'x-auto-response-suppress': 'DR, RN, NRN' }), 'Done'), null);
	assert.is(detectAutomated(headers({}), 'Automatische Antwort: Done'), 'automated:subject');
	assert.is(detectAutomated(headers({}), 'Re: the automatic reply setting'), null);
});

test.run();
