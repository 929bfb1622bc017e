// `taskping inspect` says which check decided sender authenticity and teaches
// the authserv-id to configure.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));
const CORPUS = new URL('../../../test/fixtures/hostile/corpus/', import.meta.url);
const PASS = 'Authentication-Results: mx.taskping.test; auth=pass smtp.auth=alice@users.test; dkim=pass header.d=users.test; dmarc=pass header.from=users.test\r\n';

function inspect(stamp: string, extraEnv: Record<string, string> = {}, json = false) {
	const home = mkdtempSync(join(tmpdir(), 'tp-inspect-sender-'));
	const file = join(home, 'reply.eml');
	writeFileSync(file, stamp + readFileSync(new URL('27-shell-bang.eml', CORPUS), 'utf8'));
	const env = { PATH: process.env.PATH, HOME: home, TASKPING_HOME: home, SMTP_HOST: 's.test', SMTP_USER: 'a@s.test', SMTP_PASS: 'p', IMAP_HOST: 'i.test', EMAIL_TO: 'alice@users.test', ALLOWED_SENDERS: 'alice@users.test', ...extraEnv };
	return execFileSync(process.execPath, [CLI, 'inspect', file, ...(json ? ['--json'] : [])], { env, encoding: 'utf8' });
}

test('authserv-id not configured: inspect prints the topmost one and the command to trust it', () => {
	const out = inspect(PASS);
	assert.match(out, 'NOT authenticated');
	assert.match(out, 'Auth-Serv:  mx.taskping.test (topmost Authentication-Results; not trusted)');
	assert.match(out, 'taskping config set TASKPING_AUTHSERV_ID mx.taskping.test');
	assert.match(out, 'authserv-id-not-set');
});

test('configured: DMARC decided, shown in words and in --json', () => {
	const out = inspect(PASS, { TASKPING_AUTHSERV_ID: 'mx.taskping.test' });
	assert.match(out, 'authenticated, decided by DMARC pass for the From domain');
	assert.match(out, '(topmost Authentication-Results; trusted)');
	const json = JSON.parse(inspect(PASS, { TASKPING_AUTHSERV_ID: 'mx.taskping.test' }, true));
	assert.is(json.sender.check, 'dmarc');
	assert.is(json.sender.authenticated, true);
	// The corpus file names no live token here: refused at the header stage, so the body checks are named as skipped, not run.
	assert.ok(json.reasons.some((r: string) => r === 'no-token' || r === 'unknown-token'), json.reasons.join(','));
	assert.ok(!json.reasons.includes('shell-mode'), 'the body was read although the headers refused the mail');
	assert.equal(json.skipped, ['charset', 'reply-text', 'terminal-control', 'hidden-text', 'command-policy']);
	assert.match(out, 'Skipped:    charset, reply-text, terminal-control, hidden-text, command-policy (not run: an earlier check refused the mail)');
});

test('the server said none: not authenticated; a relaxed sender is shown as such', () => {
	const none = 'Authentication-Results: mx.taskping.test; auth=none; dkim=none; dmarc=none\r\n';
	assert.match(inspect(none, { TASKPING_AUTHSERV_ID: 'mx.taskping.test' }), 'sender-not-authenticated');
	const relaxed = inspect(none, { TASKPING_AUTHSERV_ID: 'mx.taskping.test', TASKPING_UNAUTHENTICATED_SENDERS: 'alice@users.test' });
	assert.match(relaxed, 'decided by nothing: the address is on TASKPING_UNAUTHENTICATED_SENDERS');
});

test.run();
