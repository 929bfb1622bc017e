/**
 * One error type with a code, a cause and a fix kept apart from the problem:
 * `doctor` and `init` show the fix the error carries (never one guessed from
 * the message), and enum settings are refused at `config set` like the others.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { coerceValue } from '../../src/config/validate.js';
import { findField, requireField } from '../../src/config/fields.js';
import { TaskPingError } from '../../src/errors.js';
import { collectAnswers } from '../../src/setup/init-answers.js';
import { CLI } from '../e2e/setup.js';

const BASE = { SMTP_HOST: 'smtp.x.test', SMTP_USER: 'bot@x.test', SMTP_PASS: 'pw', IMAP_HOST: 'imap.x.test', EMAIL_TO: 'a@x.test', ALLOWED_SENDERS: 'a@x.test' };

function home(): NodeJS.ProcessEnv {
	const dir = mkdtempSync(join(tmpdir(), 'tp-errors-'));
	return { PATH: process.env.PATH, HOME: dir, TASKPING_HOME: dir, LANG: 'C.UTF-8' };
}

const run = (args: string[], env: NodeJS.ProcessEnv) => {
	const result = spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8', timeout: 30_000 });
	return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

test('TaskPingError keeps code, problem, fix and cause apart; the message joins problem and fix', () => {
	const cause = new Error('EACCES');
	const error = new TaskPingError('x-bad', 'The thing is "7".', { fix: 'set it to 8.', cause });
	assert.is(error.code, 'x-bad');
	assert.is(error.problem, 'The thing is "7".');
	assert.is(error.fix, 'set it to 8.');
	assert.is(error.cause, cause);
	assert.is(error.message, 'The thing is "7". Fix: set it to 8.');
	const bare = new TaskPingError('x-bare', 'No fix here.');
	assert.is(bare.fix, undefined);
	assert.is(bare.message, 'No fix here.');
	assert.not.ok('cause' in bare, 'no cause property unless one was given');
});

test('an enum setting takes its choices (a region suffix names the base) and refuses anything else, naming the value and the choices', () => {
	const language = findField('TASKPING_LANGUAGE')!;
	assert.is(language.type, 'enum');
	assert.is(coerceValue(language, 'ZH'), 'zh');
	assert.is(coerceValue(language, 'zh_TW'), 'zh');
	assert.is(coerceValue(language, ' en-GB '), 'en');
	try {
		coerceValue(language, 'klingon');
		assert.unreachable();
	} catch (error) {
		assert.instance(error, TaskPingError);
		const { code, problem, fix } = error as TaskPingError;
		assert.is(code, 'config-invalid');
		assert.is(problem, 'TASKPING_LANGUAGE (language) is "klingon": expected en or zh.');
		assert.match(fix!, /^taskping config set TASKPING_LANGUAGE /);
	}
});

test('config set TASKPING_LANGUAGE klingon is refused in one line and nothing is stored; zh-CN is stored as zh', () => {
	const env = home();
	const bad = run(['config', 'set', 'TASKPING_LANGUAGE', 'klingon'], env);
	assert.is(bad.code, 1);
	assert.match(bad.stderr, /^taskping: TASKPING_LANGUAGE \(language\) is "klingon": expected en or zh\. Fix: taskping config set TASKPING_LANGUAGE/);
	assert.is(bad.stderr.trim().split('\n').length, 1);
	assert.is(run(['config', 'get', 'TASKPING_LANGUAGE'], env).stdout.trim(), '');
	assert.is(run(['config', 'set', 'TASKPING_LANGUAGE', 'zh-CN'], env).code, 0);
	assert.is(JSON.parse(readFileSync(join(env.TASKPING_HOME!, 'config.json'), 'utf8')).language, 'zh');
});

test('config: a missing key or value, an unknown key: one prefixed line with its fix, exit 1 (TaskPingError, not a bare Error)', () => {
	const env = home();
	const cases: Array<[string[], RegExp]> = [
		[['config', 'get'], /^taskping: taskping config get needs a key\. Fix: taskping config get SMTP_HOST/],
		[['config', 'set', 'SMTP_HOST'], /^taskping: taskping config set SMTP_HOST needs a value\. Fix: taskping config set SMTP_HOST <value>/],
		[['config', 'get', 'NOPE'], /^taskping: Unknown setting "NOPE"\. Known: SMTP_HOST, .*\. Fix: taskping config keys/],
		[['config', 'set', 'NOPE', 'x'], /^taskping: Unknown setting "NOPE"\. Known: SMTP_HOST, /],
	];
	for (const [args, expected] of cases) {
		const result = run(args, { ...env, TASKPING_DEBUG: '1' });
		assert.is(result.code, 1, args.join(' '));
		assert.match(result.stderr, expected, args.join(' '));
		assert.match(result.stderr, /TaskPingError/, 'the debug stack shows the one error type');
	}
	assert.is(requireField('smtp.host').env, 'SMTP_HOST');
});

test('doctor: a broken SMTP_PASS_COMMAND gets its own fix (mend the command), not "taskping init"', () => {
	const env: NodeJS.ProcessEnv = { ...home(), ...BASE };
	const script = join(env.HOME!, 'pw.sh');
	writeFileSync(script, '#!/bin/sh\necho "gpg: decryption failed" >&2\nexit 2\n');
	chmodSync(script, 0o700);
	const result = run(['doctor', '--json', '--offline'], { ...env, SMTP_PASS_COMMAND: script });
	const config = (JSON.parse(result.stdout) as Array<{ check: string; severity: string; detail: string; fix?: string }>).find((f) => f.check === 'config')!;
	assert.is(config.severity, 'fail');
	assert.is(config.detail, 'SMTP_PASS_COMMAND failed (exit status 2): gpg: decryption failed.');
	assert.match(config.fix!, /taskping config set SMTP_PASS_COMMAND/);
	assert.not.match(config.fix!, /taskping init/);
	// A bad value keeps the fix its error names, not a guess.
	const language = JSON.parse(run(['doctor', '--json', '--offline'], { ...env, TASKPING_LANGUAGE: 'klingon' }).stdout).find((f: { check: string }) => f.check === 'config');
	assert.is(language.detail, 'TASKPING_LANGUAGE (language) is "klingon": expected en or zh.');
	assert.is(language.fix, 'taskping config set TASKPING_LANGUAGE <value>, or set TASKPING_LANGUAGE in the environment.');
});

test('init --yes: a bad answer names the flag to fix it with, built from the error fields (no text surgery)', async () => {
	try {
		await collectAnswers({ yes: true, email: 'bot@x.test', provider: 'custom', smtpHost: 'smtp.x.test', imapHost: 'imap.x.test', smtpPort: 99999 }, {}, null, () => {});
		assert.unreachable();
	} catch (error) {
		const { code, problem, fix, message } = error as TaskPingError;
		assert.is(code, 'init-invalid');
		assert.is(problem, 'SMTP_PORT (smtp.port) is "99999": expected a port number from 1 to 65535.');
		assert.is(fix, '--smtp-port <value> (or SMTP_PORT).');
		assert.is(message, `${problem} Fix: ${fix}`);
	}
	try {
		await collectAnswers({ yes: true, email: 'bot@x.test', provider: 'custom', smtpHost: 'smtp.x.test', imapHost: 'imap.x.test', password: 'pw', to: 'a@x.test', language: 'klingon' }, {}, null, () => {});
		assert.unreachable();
	} catch (error) {
		assert.match((error as TaskPingError).problem, /"klingon": expected en or zh/);
		assert.is((error as TaskPingError).fix, '--language <value> (or TASKPING_LANGUAGE).');
	}
});

test.run();
