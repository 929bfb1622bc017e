// The four decisions applied to whole raw mails as mailparser sees them, so a
// change in mailparser's headerLines or text decoding shows up here.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { simpleParser, type ParsedMail } from 'mailparser';
import { checkSenderAuth, readTopAuthservId } from '../../src/verify/auth-results.js';
import { findDuplicateHeaders } from '../../src/verify/headers.js';
import { checkCommandPolicy, DEFAULT_POLICY } from '../../src/verify/policy.js';
import { sanitizeForTerminal } from '../../src/verify/sanitize.js';

const FIXTURES = new URL('../../../test/fixtures/hostile/', import.meta.url);
const TRUSTED = 'mx.google.com';

async function load(name: string): Promise<ParsedMail> {
	return simpleParser(readFileSync(new URL(name, FIXTURES)));
}

function authOf(mail: ParsedMail) {
	return checkSenderAuth(mail.headerLines, mail.from?.value[0]?.address ?? '', TRUSTED);
}

test('a genuine Gmail reply passes every check', async () => {
	const mail = await load('good-gmail.eml');
	assert.is(readTopAuthservId(mail.headerLines), TRUSTED);
	assert.equal(findDuplicateHeaders(mail.headerLines), []);
	assert.equal(authOf(mail), { authenticated: true, method: 'dmarc', authservId: TRUSTED, detail: 'dmarc=pass header.from=victim.example' });
	const clean = sanitizeForTerminal(mail.text ?? '');
	assert.equal(clean.removed, []);
	assert.ok(checkCommandPolicy(clean.text.split('\n')[0] ?? '', DEFAULT_POLICY).ok);
});

test('a second Subject above the signed one: mailparser reads the top one, the duplicate check catches it', async () => {
	const mail = await load('duplicate-subject.eml');
	assert.is(mail.subject, 'Re: [TP-EVIL] rm everything');
	assert.equal(findDuplicateHeaders(mail.headerLines), ['subject']);
});

test('an A-R forged below the real one does not authenticate', async () => {
	const result = authOf(await load('forged-ar-below.eml'));
	assert.is(result.authenticated, false);
	assert.match(result.detail, 'dmarc=fail');
});

test('a forged A-R on top with another authserv-id does not authenticate', async () => {
	const result = authOf(await load('forged-ar-top.eml'));
	assert.is(result.authenticated, false);
	assert.is(result.authservId, 'mx.evil.example');
});

test('dkim=pass for the attacker\'s own domain does not authenticate the From domain', async () => {
	const result = authOf(await load('dkim-other-domain.eml'));
	assert.is(result.authenticated, false);
});

test('paste breakout hidden in quoted-printable is removed before the policy sees it', async () => {
	const mail = await load('paste-breakout-qp.eml');
	assert.ok(mail.text?.includes('\x1b[201~\r'), 'mailparser keeps the raw bytes');
	const clean = sanitizeForTerminal(mail.text ?? '');
	assert.ok(clean.removed.includes('bracketed-paste'));
	assert.not.match(clean.text, /[\x1b\r]/);
	const decision = checkCommandPolicy(clean.text, DEFAULT_POLICY);
	assert.is(decision.ok, false);
});

test('OSC 52, RLO, zero-width rm and Ctrl-C in an 8bit body are all removed', async () => {
	const mail = await load('osc52-bidi-zw.eml');
	const clean = sanitizeForTerminal(mail.text ?? '');
	assert.equal([...clean.removed].sort(), ['bidi-control', 'control', 'escape-sequence', 'zero-width']);
	assert.not.match(clean.text, /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u200b]/);
	assert.ok(clean.text.includes('rm -rf ~'));
	const decision = checkCommandPolicy(clean.text, DEFAULT_POLICY);
	assert.equal(decision.ok ? '' : decision.reason, 'denied-pattern');
});

test.run();
