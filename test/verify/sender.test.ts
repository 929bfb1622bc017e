import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSender, readAuthservIds } from '../../src/verify/sender.js';

const ar = (value: string) => ({ key: 'authentication-results', line: `Authentication-Results: ${value}` });
const PASS = ar('mx.taskping.test; auth=pass smtp.auth=alice@users.test; dkim=pass header.d=users.test; dmarc=pass header.from=users.test');
const NONE = ar('mx.taskping.test; auth=none; dkim=none; dmarc=none');
const FORGED = ar('mx.taskping.test; dkim=pass header.d=users.test; dmarc=pass header.from=users.test');

test('the trusted server\'s DMARC pass decides, and says so', () => {
	const result = checkSender([PASS], 'alice@users.test', { authservId: 'mx.taskping.test' });
	assert.is(result.authenticated, true);
	assert.is(result.check, 'dmarc');
	assert.is(result.topAuthservId, 'mx.taskping.test');
	assert.match(result.detail, 'from mx.taskping.test');
});

test('DKIM aligned with the From domain decides when there is no DMARC result', () => {
	const result = checkSender([ar('mx.taskping.test; dkim=pass header.d=mail.users.test')], 'alice@users.test', { authservId: 'mx.taskping.test' });
	assert.is(result.check, 'dkim-aligned');
});

test('a forged pass below the server\'s own "none" is ignored', () => {
	const result = checkSender([NONE, FORGED], 'alice@users.test', { authservId: 'mx.taskping.test' });
	assert.is(result.authenticated, false);
	assert.is(result.reason, 'sender-not-authenticated');
});

test('several authserv-ids may be trusted (providers with one label per MX)', () => {
	assert.equal(readAuthservIds(' mx19, MX20 ;mx21 '), ['mx19', 'mx20', 'mx21']);
	const result = checkSender([ar('mx20; dmarc=pass header.from=users.test')], 'alice@users.test', { authservId: 'mx19,mx20' });
	assert.is(result.authenticated, true);
});

test('no authserv-id configured: refused with the id to configure', () => {
	const result = checkSender([PASS], 'alice@users.test', {});
	assert.is(result.authenticated, false);
	assert.is(result.reason, 'authserv-id-not-set');
	assert.match(result.detail, 'mx.taskping.test');
	assert.is(checkSender([], 'alice@users.test', { authservId: '  ' }).reason, 'authserv-id-not-set');
});

test('a relaxed sender passes without evidence, but never against an explicit dmarc=fail', () => {
	const relaxed = { authservId: 'mx.taskping.test', unauthenticatedSenders: ['alice@users.test'] };
	assert.is(checkSender([], 'alice@users.test', relaxed).check, 'relaxed');
	assert.is(checkSender([NONE], 'alice@users.test', relaxed).check, 'relaxed');
	assert.is(checkSender([PASS], 'alice@users.test', relaxed).check, 'dmarc', 'evidence still wins when present');
	const failed = checkSender([ar('mx.taskping.test; dmarc=fail header.from=users.test')], 'alice@users.test', relaxed);
	assert.is(failed.authenticated, false);
	assert.is(checkSender([], 'bob@users.test', relaxed).authenticated, false, 'only the listed address is relaxed');
	assert.is(checkSender([], 'alice@users.test', { unauthenticatedSenders: ['alice@users.test'] }).check, 'relaxed', 'no authserv-id needed');
});

test('no From address: not authenticated', () => {
	assert.is(checkSender([PASS], null, { authservId: 'mx.taskping.test' }).authenticated, false);
});

test.run();
