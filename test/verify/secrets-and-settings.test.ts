import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadConfig } from '../../src/config/load.js';
import { setSetting } from '../../src/config/store.js';
import { resolvePaths } from '../../src/fs/paths.js';
import { readDenyPatterns, readSlashList } from '../../src/config/policy-settings.js';
import { buildCommandPolicy } from '../../src/verify/policy-config.js';
import { checkCommandPolicy } from '../../src/verify/policy.js';
import { readSecretFromCommand, splitCommand } from '../../src/config/secrets.js';

const BASE = { SMTP_HOST: 'smtp.x.test', SMTP_USER: 'bot@x.test', IMAP_HOST: 'imap.x.test', EMAIL_TO: 'a@x.test', ALLOWED_SENDERS: 'a@x.test' };

function home() {
	const dir = mkdtempSync(join(tmpdir(), 'tp-secrets-'));
	return { dir, env: { PATH: process.env.PATH, HOME: dir, TASKPING_HOME: dir, ...BASE } as NodeJS.ProcessEnv };
}

function script(dir: string, body: string): string {
	const file = join(dir, 'pw.sh');
	writeFileSync(file, `#!/bin/sh\n${body}\n`);
	chmodSync(file, 0o700);
	return file;
}

test('command lines split like a shell would, quotes and escapes included, without running one', () => {
	assert.equal(splitCommand(`pass show 'mail/task ping' "a\\"b" c\\ d`, 'X'), ['pass', 'show', 'mail/task ping', 'a"b', 'c d']);
	for (const line of ['pass show x | head -1', 'cat a; rm b', 'echo $HOME', 'x > y', '`id`']) {
		assert.throws(() => splitCommand(line, 'SMTP_PASS_COMMAND'), /SMTP_PASS_COMMAND is run without a shell/, line);
	}
	assert.throws(() => splitCommand(`pass 'x`, 'IMAP_PASS_COMMAND'), /unterminated/);
	assert.throws(() => splitCommand('   ', 'IMAP_PASS_COMMAND'), /empty/);
});

test('SMTP_PASS_COMMAND fills the password (trimmed); IMAP falls back to it; the command wins over a stored password', () => {
	const { dir, env } = home();
	const file = script(dir, `printf '  s3cret-from-keychain \\n'`);
	setSetting('SMTP_PASS', 'stored-password', resolvePaths(env));
	const config = loadConfig({ ...env, SMTP_PASS_COMMAND: file }, resolvePaths(env));
	assert.is(config.smtp.pass, 's3cret-from-keychain');
	assert.is(config.imap.pass, 's3cret-from-keychain');
	const imap = script(dir, 'echo imap-secret');
	setSetting('IMAP_PASS_COMMAND', imap, resolvePaths(env));
	assert.is(loadConfig({ ...env, SMTP_PASS_COMMAND: file }, resolvePaths(env)).imap.pass, 'imap-secret');
	assert.is((statSync(join(dir, 'config.json')).mode & 0o777).toString(8), '600');
});

test('a failing command: the error names the variable and never shows the output', () => {
	const { dir } = home();
	const failing = script(dir, 'echo the-secret-itself; echo "gpg: decryption failed" >&2; exit 2');
	try {
		readSecretFromCommand(failing, 'SMTP_PASS_COMMAND');
		assert.unreachable();
	} catch (error) {
		const { message, code, cause } = error as { message: string; code: string; cause?: unknown };
		assert.is(code, 'config-secret-command');
		assert.match(message, /^SMTP_PASS_COMMAND failed \(exit status 2\): gpg: decryption failed/);
		assert.not.match(message, 'the-secret-itself');
		assert.is(cause, undefined);
	}
	assert.throws(() => readSecretFromCommand('/nonexistent/pw', 'IMAP_PASS_COMMAND'), /IMAP_PASS_COMMAND "\/nonexistent\/pw" was not found/);
	assert.throws(() => readSecretFromCommand(script(dir, 'true'), 'SMTP_PASS_COMMAND'), /printed nothing/);
});

test('allowed slash commands and extra deny patterns come from the settings', () => {
	assert.equal(readSlashList('/compact, cost'), ['/compact', '/cost']);
	const policy = buildCommandPolicy({ maxReplyLength: 50, allowSlash: '/compact', denyPatterns: '\\bgit\\s+push\\b\nterraform destroy' });
	assert.ok(checkCommandPolicy('/compact', policy).ok);
	assert.not.ok(checkCommandPolicy('/clear', policy).ok);
	assert.not.ok(checkCommandPolicy('now git push --force', policy).ok);
	assert.not.ok(checkCommandPolicy('rm -rf ~', policy).ok, 'built-in patterns stay');
	assert.not.ok(checkCommandPolicy('x'.repeat(51), policy).ok);
	assert.equal(readDenyPatterns('["a+", "b"]'), ['a+', 'b']);
});

test('a deny pattern that does not compile stops loading the config, naming the setting', () => {
	const { env } = home();
	assert.throws(() => loadConfig({ ...env, SMTP_PASS: 'x', TASKPING_DENY_PATTERNS: 'ok\n(unclosed' }, resolvePaths(env)), /TASKPING_DENY_PATTERNS: "\(unclosed" is not a valid regular expression/);
	assert.throws(() => readDenyPatterns('[1,2]'), /JSON array of strings/);
});

test.run();
