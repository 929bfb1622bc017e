// Signatures and taglines go only as what they are (issue 11: "a signature
// delimiter or tagline at the end"): the paragraph under "-- " is the
// signature, a paragraph after it is the user's; a tagline is one short
// phrase, a clause after it makes the line the user's sentence.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { extractReply } from '../../src/reply/extract.js';
import { isTagline } from '../../src/reply/signatures.js';

const fromText = (text: string) => extractReply({ text, html: false, headers: new Map(), subject: 'Re: [TaskPing #K7Q2XM9PA4B3C] app: done', attachments: [] }).text;

test('the paragraph under "-- " is the signature; a P.S. after it is typed', () => {
	assert.is(fromText('Yes, deploy it.\n\n-- \nMaya Chen\nStaff Engineer, ACME'), 'Yes, deploy it.');
	assert.is(fromText('Yes, deploy it.\n\n-- \nMaya Chen\n\nP.S. Not to production, only staging.'), 'Yes, deploy it.\n\nP.S. Not to production, only staging.');
	assert.is(fromText('好的，部署吧。\n-- \n陈玛雅\n\n附言：先别上生产。\n\n发自我的iPhone'), '好的，部署吧。\n\n附言：先别上生产。');
});

test('a tagline is a short phrase naming the device or app, never a clause of the user\'s', () => {
	for (const line of ['Sent from my iPhone', 'Sent from Yahoo Mail on Android', 'Отправлено из мобильной Почты Mail.ru', 'Get Outlook for iOS', 'Von meinem iPhone gesendet']) assert.ok(isTagline(line), line);
	for (const line of ['Sent from my iPhone — do NOT deploy it, just merge.', 'Sent from my iPhone; do not deploy', 'Sent from my iPhone. Do not deploy yet']) assert.not.ok(isTagline(line), line);
	assert.is(fromText('Yes, merge it.\nSent from my iPhone — do NOT deploy it, just merge.'), 'Yes, merge it.\nSent from my iPhone — do NOT deploy it, just merge.');
});

test.run();
