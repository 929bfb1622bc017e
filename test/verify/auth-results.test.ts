import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSenderAuth, readTopAuthservId } from '../../src/verify/auth-results.js';

type Lines = Array<{ key: string; line: string }>;
const GOOGLE = 'mx.google.com';

function ar(value: string): { key: string; line: string } {
	return { key: 'authentication-results', line: `Authentication-Results: ${value}` };
}

function other(line: string): { key: string; line: string } {
	return { key: line.slice(0, line.indexOf(':')).toLowerCase(), line };
}

/** One header, From a@victim.com, trusted mx.google.com. */
function check(value: string, from = 'a@victim.com', trusted = GOOGLE) {
	return checkSenderAuth([ar(value)], from, trusted);
}

const GMAIL_REAL = 'mx.google.com;\r\n       dkim=pass header.i=@gmail.com header.s=20230601 header.b=AbC/1+2=;\r\n       spf=pass (google.com: domain of a@gmail.com designates 209.85.220.41 as permitted sender) smtp.mailfrom=a@gmail.com;\r\n       dmarc=pass (p=NONE sp=QUARANTINE dis=NONE) header.from=gmail.com';

test('a real Gmail header (folded, comments, several results) authenticates by DMARC', () => {
	const result = checkSenderAuth([other('Received: from x'), ar(GMAIL_REAL)], 'someone@gmail.com', GOOGLE);
	assert.equal(result, { authenticated: true, method: 'dmarc', authservId: GOOGLE, detail: 'dmarc=pass header.from=gmail.com' });
});

test('dmarc=pass for the From domain authenticates', () => {
	const result = check('mx.google.com; dmarc=pass header.from=victim.com');
	assert.ok(result.authenticated);
	assert.is(result.method, 'dmarc');
});

test('dmarc=pass for another domain does not', () => {
	assert.not.ok(check('mx.google.com; dmarc=pass header.from=evil.com').authenticated);
	assert.not.ok(check('mx.google.com; dmarc=pass').authenticated);
});

test('an A-R forged below the real one is ignored', () => {
	const forged = ar('mx.google.com; dkim=pass header.d=victim.com; dmarc=pass header.from=victim.com');
	for (const real of ['mx.google.com; spf=pass smtp.mailfrom=evil.com', 'mx.google.com; dmarc=fail (p=NONE) header.from=victim.com', 'mx.google.com; none']) {
		const result = checkSenderAuth([other('Received: by mx.google.com'), ar(real), other('Subject: hi'), forged], 'a@victim.com', GOOGLE);
		assert.is(result.authenticated, false, real);
		assert.is(result.method, 'none');
	}
});

test('a forged A-R on top with a different authserv-id does not count, even with a real pass below', () => {
	const headers: Lines = [ar('mx.evil.example; dmarc=pass header.from=victim.com'), ar('mx.google.com; dmarc=pass header.from=victim.com')];
	const result = checkSenderAuth(headers, 'a@victim.com', GOOGLE);
	assert.is(result.authenticated, false);
	assert.is(result.authservId, 'mx.evil.example');
	assert.match(result.detail, 'mx.evil.example');
});

test('authserv-id must match exactly (case-insensitively), not by prefix or suffix', () => {
	assert.not.ok(check('mx.google.com.evil.com; dmarc=pass header.from=victim.com').authenticated);
	assert.not.ok(check('evil-mx.google.com; dmarc=pass header.from=victim.com').authenticated);
	assert.ok(check('MX.Google.COM; dmarc=pass header.from=victim.com').authenticated);
	assert.ok(check('mx.google.com; dmarc=pass header.from=victim.com', 'a@victim.com', ' MX.GOOGLE.COM ').authenticated);
	assert.not.ok(check('mx.google.com; dmarc=pass header.from=victim.com', 'a@victim.com', '').authenticated);
});

test('dkim=pass for another domain is not aligned', () => {
	for (const d of ['evil.com', 'evilvictim.com', 'victim.com.evil.com', 'victim.co', 'com']) {
		const result = check(`mx.google.com; dkim=pass header.d=${d}`);
		assert.is(result.authenticated, false, d);
		assert.match(result.detail, d);
	}
});

test('dkim=pass with header.d equal to the From domain is aligned', () => {
	assert.equal(check('mx.google.com; dkim=pass header.d=victim.com header.s=s1'), {
		authenticated: true, method: 'dkim-aligned', authservId: GOOGLE, detail: 'dkim=pass d=victim.com aligned with victim.com',
	});
});

test('subdomain alignment: parent or sub-domain within the organizational domain', () => {
	assert.ok(check('mx.google.com; dkim=pass header.d=mail.victim.com').authenticated, 'signer is a subdomain');
	assert.ok(check('mx.google.com; dkim=pass header.d=victim.com', 'a@mail.victim.com').authenticated, 'signer is the parent');
	assert.ok(check('mx.google.com; dkim=pass header.d=victim.co.uk', 'a@mail.victim.co.uk').authenticated);
	assert.ok(check('mx.google.com; dkim=pass header.d=victim.com.cn', 'a@x.victim.com.cn').authenticated);
});

test('alignment never reaches through a public suffix or to a sibling', () => {
	assert.not.ok(check('mx.google.com; dkim=pass header.d=co.uk', 'a@victim.co.uk').authenticated);
	assert.not.ok(check('mx.google.com; dkim=pass header.d=com.cn', 'a@victim.com.cn').authenticated);
	assert.not.ok(check('mx.google.com; dkim=pass header.d=co.jp', 'a@x.victim.co.jp').authenticated);
	assert.not.ok(check('mx.google.com; dkim=pass header.d=evil.co.uk', 'a@victim.co.uk').authenticated);
	assert.not.ok(check('mx.google.com; dkim=pass header.d=other.victim.com', 'a@mail.victim.com').authenticated);
});

test('header.i is used when header.d is missing', () => {
	assert.ok(check('mx.google.com; dkim=pass header.i=@victim.com').authenticated);
	assert.ok(check('mx.google.com; dkim=pass header.i=bob@news.victim.com').authenticated);
	assert.not.ok(check('mx.google.com; dkim=pass header.i=@evil.com').authenticated);
	assert.not.ok(check('mx.google.com; dkim=pass header.d=evil.com header.i=@victim.com').authenticated, 'header.d wins');
});

test('only a dkim pass counts', () => {
	for (const result of ['fail', 'neutral', 'none', 'policy', 'temperror', 'permerror']) {
		assert.not.ok(check(`mx.google.com; dkim=${result} header.d=victim.com`).authenticated, result);
	}
	assert.not.ok(check('mx.google.com; spf=pass smtp.mailfrom=a@victim.com').authenticated, 'SPF alone is not enough');
	assert.not.ok(check('mx.google.com; arc=pass header.d=victim.com').authenticated);
});

test('dmarc=fail for the From domain wins over an aligned dkim pass; dmarc=none does not', () => {
	assert.not.ok(check('mx.google.com; dkim=pass header.d=victim.com; dmarc=fail header.from=victim.com').authenticated);
	const none = check('mx.google.com; dkim=pass header.d=victim.com; dmarc=none header.from=victim.com');
	assert.ok(none.authenticated);
	assert.is(none.method, 'dkim-aligned');
});

test('comments are skipped, including nested ones, semicolons and fake results inside', () => {
	assert.ok(check('mx.google.com (our mx; v2); dkim=pass (good (2048-bit) key) header.d=victim.com').authenticated);
	assert.not.ok(check('mx.google.com; spf=pass (dmarc=pass header.from=victim.com) smtp.mailfrom=x@evil.com').authenticated);
	assert.not.ok(check('mx.google.com; dmarc=fail (was: dmarc=pass header.from=victim.com) header.from=victim.com').authenticated);
	assert.not.ok(check('mx.google.com; spf=pass (escaped \\) dmarc=pass header.from=victim.com) smtp.mailfrom=x').authenticated);
});

test('quoted values are read, and a semicolon inside quotes does not start a result', () => {
	assert.ok(check('mx.google.com; dkim=pass header.d="victim.com"').authenticated);
	assert.ok(check('"mx.google.com"; dmarc=pass header.from="victim.com"').authenticated);
	assert.not.ok(check('mx.google.com; spf=pass smtp.mailfrom="x;dmarc=pass header.from=victim.com"').authenticated);
});

test('folded header lines and space around "=" are understood', () => {
	assert.ok(check('mx.google.com;\r\n\tdkim=pass\r\n  header.d=victim.com').authenticated);
	assert.ok(check('mx.google.com; dmarc = pass header.from = victim.com').authenticated);
	assert.ok(check('mx.google.com; dkim=pass header.d= victim.com').authenticated);
});

test('method, result and property names are case-insensitive; domains too', () => {
	assert.ok(check('mx.google.com; DMARC=PASS Header.From=Victim.COM', 'A@VICTIM.com').authenticated);
	assert.ok(check('mx.google.com; dkim=Pass HEADER.D=VICTIM.COM.').authenticated);
});

test('"none" yields no result but keeps the authserv-id', () => {
	const result = check('mx.google.com; none');
	assert.is(result.authenticated, false);
	assert.is(result.authservId, GOOGLE);
});

test('authserv-id followed by a version number', () => {
	assert.ok(check('mx.google.com 1; dmarc=pass header.from=victim.com').authenticated);
	assert.ok(check('mx.google.com 1 (v1); dkim/1=pass header.d=victim.com').authenticated);
	assert.not.ok(check('mx.google.com 2; dmarc=pass header.from=victim.com').authenticated);
});

test('malformed or missing headers never authenticate', () => {
	assert.equal(checkSenderAuth([other('Subject: x')], 'a@victim.com', GOOGLE).authservId, null);
	assert.not.ok(checkSenderAuth([], 'a@victim.com', GOOGLE).authenticated);
	assert.not.ok(check('mx.google.com; dmarc=pass (unterminated header.from=victim.com').authenticated);
	assert.not.ok(check('mx.google.com; dmarc=pass header.from="victim.com').authenticated);
	assert.not.ok(check('; dmarc=pass header.from=victim.com').authenticated);
	assert.not.ok(check('').authenticated);
	assert.not.ok(check('mx.google.com extra words; dmarc=pass header.from=victim.com').authenticated);
});

test('a header without authserv-id (Microsoft style) is not trusted', () => {
	const microsoft = 'spf=pass (sender IP is 1.2.3.4) smtp.mailfrom=victim.com; dkim=pass (signature was verified) header.d=victim.com;dmarc=pass action=none header.from=victim.com;compauth=pass reason=100';
	assert.is(readTopAuthservId([ar(microsoft)]), null);
	assert.not.ok(check(microsoft, 'a@victim.com', 'spf').authenticated);
});

test('From addresses without a usable domain never authenticate', () => {
	for (const from of ['', 'nobody', 'a@', 'a@exa mple.com', 'a@[1.2.3.4]']) {
		assert.not.ok(check('mx.google.com; dmarc=pass header.from=victim.com', from).authenticated, from);
	}
});

test('internationalised domains compare as A-labels', () => {
	assert.ok(check('mx.google.com; dmarc=pass header.from=xn--bcher-kva.de', 'a@bücher.de').authenticated);
});

test('readTopAuthservId returns the first header\'s id, unquoted, or null', () => {
	assert.is(readTopAuthservId([other('Received: x'), ar(GMAIL_REAL), ar('mx.evil.example; none')]), GOOGLE);
	assert.is(readTopAuthservId([ar('mx19; dkim=pass header.i=@163.com')]), 'mx19');
	assert.is(readTopAuthservId([ar('mx.qq.com 1; none')]), 'mx.qq.com');
	assert.is(readTopAuthservId([ar('"odd id"; none')]), 'odd id');
	assert.is(readTopAuthservId([other('Subject: x')]), null);
	assert.is(readTopAuthservId([ar('mx.google.com; (unterminated')]), null);
	assert.is(readTopAuthservId([{ key: '', line: 'authentication-results : mx.x; none' }]), 'mx.x');
});

test.run();
