/**
 * `taskping init` as a user runs it, against the real mail server: --yes
 * from the environment (live logins, test mail, the authserv-id learned from
 * the answer to it, hooks); a wrong password and a wrong port stop it with
 * the failure named and nothing saved; the questions answered through a pipe.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { getFreePort } from '../harness/ports.js';
import { startMailServer, submitRaw, waitForMail, type MailServer } from '../harness/mail-server.js';
import { alice, CLI, service } from '../e2e/setup.js';
import { describeReasonIn, resolveLanguage, TEXTS } from '../../src/mail/i18n.js';
import { guessPreset, PRESETS } from '../../src/setup/presets.js';
import { guardSetup } from '../harness/setup-guard.js';

const init = suite<{ mail: MailServer; homes: string[] }>('init');

function freshEnv(context: { homes: string[] }, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const home = mkdtempSync(join(tmpdir(), 'taskping-init-'));
	context.homes.push(home);
	return { PATH: process.env.PATH, HOME: home, TASKPING_HOME: home, CLAUDE_CONFIG_DIR: join(home, 'claude'), LANG: 'C.UTF-8', ...extra };
}

const mailEnv = (mail: MailServer): NodeJS.ProcessEnv => ({
	SMTP_HOST: mail.host, SMTP_PORT: String(mail.smtpPort), SMTP_SECURE: 'false', SMTP_USER: service.address, SMTP_PASS: service.password,
	IMAP_HOST: mail.host, IMAP_PORT: String(mail.imapPort), IMAP_SECURE: 'false', EMAIL_TO: alice.address,
});

function run(args: string[], env: NodeJS.ProcessEnv, input = '') {
	const result = spawnSync(process.execPath, [CLI, ...args], { env, input, encoding: 'utf8', timeout: 60_000 });
	return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

init.before(guardSetup('init', async (context) => {
	context.mail = await startMailServer({ accounts: [service, alice] });
	context.homes = [];
}));

init.after(async (context) => {
	await context.mail?.stop();
	for (const home of context.homes ?? []) rmSync(home, { recursive: true, force: true });
});

init('presets: every provider but custom has its servers; the address picks the provider', () => {
	for (const preset of PRESETS.filter((p) => p.id !== 'custom')) {
		assert.ok(preset.smtp && [465, 587].includes(preset.smtp.port), preset.id);
		assert.ok(preset.imap && preset.imap.port === 993 && preset.imap.secure, preset.id);
		assert.ok(preset.passwordHint.length > 20, preset.id);
	}
	assert.equal(['me@gmail.com', 'me@QQ.com', 'me@163.com', 'me@126.com', 'me@icloud.com', 'me@outlook.com', 'me@example.org'].map((a) => guessPreset(a).id), ['gmail', 'qq', '163', '126', 'icloud', 'outlook', 'custom']);
});

init('language: the setting, else the locale; Chinese texts cover every English text', () => {
	assert.is(resolveLanguage(undefined, { LANG: 'zh_CN.UTF-8' }), 'zh');
	assert.is(resolveLanguage(undefined, { LANG: 'C.UTF-8' }), 'en');
	assert.is(resolveLanguage('zh-TW', {}), 'zh');
	assert.is(resolveLanguage('EN', { LANG: 'zh_CN.UTF-8' }), 'en');
	assert.throws(() => resolveLanguage('fr', {}), /TASKPING_LANGUAGE .* expected en or zh\. Fix: taskping config set TASKPING_LANGUAGE/);
	const shape = (value: unknown): unknown => (value && typeof value === 'object' ? Object.fromEntries(Object.keys(value).filter((k) => k !== 'reasons').map((k) => [k, shape((value as Record<string, unknown>)[k])])) : typeof value);
	assert.equal(shape(TEXTS.zh), shape(TEXTS.en));
	assert.match(TEXTS.zh.replyHowTo('%3'), /直接回复本邮件.*%3/);
	assert.is(describeReasonIn('zh', 'unknown-token'), '这台机器不认识这个令牌');
});

init('--yes --language zh: the test notification goes out in Chinese', async (context) => {
	const env = freshEnv(context, mailEnv(context.mail));
	const { code, stdout, stderr } = run(['init', '--yes', '--language', 'zh', '--no-hooks'], env);
	assert.is(code, 0, `${stdout}${stderr}`);
	const test = await waitForMail(context.mail, alice, (m) => m.subject.includes('测试通知'), 10_000);
	assert.ok((await simpleParser(test.raw)).text?.includes('真正的通知在主题中带有'));
	assert.is(JSON.parse(readFileSync(join(env.TASKPING_HOME!, 'config.json'), 'utf8')).language, 'zh');
});

init('--yes from the environment: logs in, saves, mails a test, learns the authserv-id from the answer, installs the hooks', async (context) => {
	const { mail } = context;
	const env = freshEnv(context, mailEnv(mail));
	const child = spawn(process.execPath, [CLI, 'init', '--yes', '--wait-reply', '40'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk) => (stdout += chunk));
	child.stderr.on('data', (chunk) => (stderr += chunk));
	const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
	const test = await waitForMail(mail, alice, (m) => m.subject === '[TaskPing] test notification', 20_000);
	const parsed = await simpleParser(test.raw);
	await submitRaw(mail, alice, [service.address], [
		`From: Alice <${alice.address}>`, `To: ${service.address}`, 'Subject: Re: [TaskPing] test notification', `Message-ID: <init-answer@users.test>`,
		`In-Reply-To: ${parsed.messageId}`, `References: ${parsed.messageId}`, 'Content-Type: text/plain; charset=utf-8', '', 'got it', '',
	].join('\r\n'));
	const code = await exited;
	assert.is(code, 0, `${stdout}\n${stderr}`);
	for (const line of [/✓ SMTP 127\.0\.0\.1:\d+: ok, logged in as service@taskping\.test/, /✓ IMAP 127\.0\.0\.1:\d+: ok/, /✓ saved to .*config\.json/, /✓ test notification sent to alice@users\.test/, /vouched for by mx\.taskping\.test; saved as TASKPING_AUTHSERV_ID/, /✓ hooks: .*settings\.json/, /taskping service install/]) {
		assert.match(stdout, line);
	}
	assert.not.ok(stdout.includes(service.password) || stderr.includes(service.password), 'the password is never printed');
	const configFile = join(env.TASKPING_HOME!, 'config.json');
	assert.is(statSync(configFile).mode & 0o777, 0o600);
	const saved = JSON.parse(readFileSync(configFile, 'utf8'));
	assert.equal({ authservId: saved.authservId, allowed: saved.allowedSenders, to: saved.emailTo, host: saved.smtp.host }, { authservId: 'mx.taskping.test', allowed: [alice.address], to: [alice.address], host: mail.host });
	const settings = JSON.parse(readFileSync(join(env.CLAUDE_CONFIG_DIR!, 'settings.json'), 'utf8'));
	assert.ok(JSON.stringify(settings.hooks.Stop).includes('taskping-hook.js'));
	assert.match(run(['init', '--yes', '--no-test-mail'], env).stdout, /hooks: already registered/, 'a second run changes no hooks');
});

init('--yes with a wrong password: stops at the live check, names it (auth) with the fix, saves nothing', (context) => {
	const env = freshEnv(context, { ...mailEnv(context.mail), SMTP_PASS: 'wrong-password' });
	const { code, stdout, stderr } = run(['init', '--yes'], env);
	assert.is(code, 1);
	assert.match(stdout, /✗ SMTP 127\.0\.0\.1:\d+: login refused \(auth\)/);
	assert.is(stderr.trim().split('\n').length, 1);
	assert.match(stderr, /^taskping: SMTP 127\.0\.0\.1:\d+: login refused \(auth\): .* Fix: check SMTP_USER and SMTP_PASS; most providers need an app password.* Nothing was saved\.$/m);
	assert.not.ok(existsSync(join(env.TASKPING_HOME!, 'config.json')) && readFileSync(join(env.TASKPING_HOME!, 'config.json'), 'utf8').includes('smtp'));
	assert.not.ok(existsSync(join(env.CLAUDE_CONFIG_DIR!, 'settings.json')), 'no hooks either');
});

init('--yes with an IMAP port where nothing listens: (port), nothing saved', async (context) => {
	const env = freshEnv(context, { ...mailEnv(context.mail), IMAP_PORT: String(await getFreePort()) });
	const { code, stderr } = run(['init', '--yes'], env);
	assert.is(code, 1);
	assert.match(stderr, /IMAP 127\.0\.0\.1:\d+: connection refused \(port\).*Fix: .*IMAP_PORT/);
});

init('--yes with a preset but no password: the error names the flag and the variable, before any network', (context) => {
	const env = freshEnv(context);
	const { code, stderr } = run(['init', '--yes', '--provider', 'gmail', '--email', 'me@gmail.com', '--to', 'me@qq.com'], env);
	assert.is(code, 1);
	assert.match(stderr, /^taskping: the app password is missing: pass --password or set SMTP_PASS/);
});

init('questions answered through a pipe: a custom provider, STARTTLS off, defaults taken with Enter', (context) => {
	const { mail } = context;
	const env = freshEnv(context);
	const answers = [
		service.address, 'custom', mail.host, String(mail.smtpPort), 'n', mail.host, String(mail.imapPort), 'n', service.password,
		alice.address, '', 'en', 'n', 'n', '',
	].join('\n');
	const { code, stdout, stderr } = run(['init', '--no-test-mail', '--settings', join(env.HOME!, 'claude-settings.json')], env, `${answers}\n`);
	assert.is(code, 0, `${stdout}\n${stderr}`);
	assert.match(stdout, /Mail provider of that mailbox:/);
	assert.match(stdout, /App password \(not shown\)/);
	assert.match(stdout, /Accept replies only from \(comma-separated\) \[alice@users\.test\]/);
	const saved = JSON.parse(readFileSync(join(env.TASKPING_HOME!, 'config.json'), 'utf8'));
	assert.equal({ secure: saved.smtp.secure, imapPort: saved.imap.port, allowed: saved.allowedSenders, language: saved.language }, { secure: false, imapPort: mail.imapPort, allowed: [alice.address], language: 'en' });
	assert.ok(existsSync(join(env.HOME!, 'claude-settings.json')));
});

init.run();
