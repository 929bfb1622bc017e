/**
 * `taskping doctor` as a user runs it, against the real mail server: all
 * good after install; then each way it can be wrong (hooks twice via the
 * plugin, a stale hook path, a bad password, a wrong port, TLS spoken to a
 * plain port, a bad language) is named with its fix, and the exit code says so.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { claudeBinary } from '../harness/claude.js';
import { getFreePort } from '../harness/ports.js';
import { startMailServer, type MailServer } from '../harness/mail-server.js';
import { alice, CLI, mailSettings, service, taskping } from '../e2e/setup.js';
import { guardSetup } from '../harness/setup-guard.js';

interface Finding { check: string; severity: string; detail: string; fix?: string }

const doctor = suite<{ mail: MailServer; home: string; env: NodeJS.ProcessEnv; project: string }>('doctor');

function run(args: string[], env: NodeJS.ProcessEnv, cwd: string) {
	const result = spawnSync(process.execPath, [CLI, ...args], { env, cwd, encoding: 'utf8', timeout: 30_000 });
	return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function findings(env: NodeJS.ProcessEnv, cwd: string, extra: string[] = []): { code: number | null; list: Finding[]; by: (check: string) => Finding | undefined } {
	const result = run(['doctor', '--json', ...extra], env, cwd);
	const list = JSON.parse(result.stdout) as Finding[];
	return { code: result.code, list, by: (check) => list.find((f) => f.check === check) };
}

doctor.before(guardSetup('doctor', async (context) => {
	context.mail = await startMailServer({ accounts: [service, alice] });
	context.home = mkdtempSync(join(tmpdir(), 'taskping-doctor-'));
	context.project = join(context.home, 'project');
	mkdirSync(context.project);
	const { mail, home } = context;
	// The Claude Code the e2e suites run, as `claude` on PATH, in manual mode (as the README says for email approvals).
	const bin = join(home, 'bin');
	mkdirSync(bin);
	symlinkSync(claudeBinary(), join(bin, 'claude'));
	mkdirSync(join(home, 'claude'));
	writeFileSync(join(home, 'claude', 'settings.json'), JSON.stringify({ permissions: { defaultMode: 'default' } }));
	context.env = { PATH: `${bin}:${process.env.PATH}`, HOME: home, TASKPING_HOME: home, CLAUDE_CONFIG_DIR: join(home, 'claude'), LANG: 'C.UTF-8', TMUX: '/tmp/tmux-0/default,1,0', TMUX_PANE: '%1' };
	for (const [key, value] of mailSettings(mail)) taskping(['config', 'set', key, value], context.env);
	taskping(['install'], context.env);
}));

doctor.after(async (context) => {
	await context.mail?.stop();
	rmSync(context.home, { recursive: true, force: true });
});

doctor('after install, inside tmux: everything passes (the watcher not running is only a warning); exit 0', ({ env, project }) => {
	const { code, list, by } = findings(env, project);
	assert.is(code, 0, JSON.stringify(list, null, 1));
	for (const check of ['node', 'tmux', 'inside tmux', 'Claude Code', 'permission mode', 'hook Stop', 'hook Notification', 'hook PermissionRequest', 'hook PermissionDenied', 'hook StopFailure', 'config', 'SMTP', 'IMAP', 'IMAP IDLE', 'claims', 'clock', 'disk']) {
		assert.is(by(check)?.severity, 'ok', `${check}: ${JSON.stringify(by(check))}`);
	}
	assert.is(by('watcher')?.severity, 'warn');
	assert.match(by('watcher')!.fix!, /taskping service install/);
	const human = run(['doctor'], env, project);
	assert.match(human.stdout, /✓ SMTP/);
	assert.match(human.stdout, /No problems; 1 warning/);
	assert.not.match(human.stdout, /\x1b\[/, 'no colour when piped');
});

doctor('Claude Code: the version in use against the tested range, and the permission mode in effect', ({ env, project }) => {
	const manual = findings(env, project, ['--offline']);
	assert.match(manual.by('Claude Code')!.detail, /^\d+\.\d+\.\d+ \(claude --version; tested 2\.1\.197–2\.1\.332\)$/);
	assert.match(manual.by('permission mode')!.detail, /^default \(.*settings\.json\)$/);
	// No defaultMode: on 2.1.283+ that is auto mode, which mails no permission dialogs.
	const settings = join(env.CLAUDE_CONFIG_DIR!, 'settings.json');
	const saved = readFileSync(settings, 'utf8');
	writeFileSync(settings, JSON.stringify({ ...JSON.parse(saved), permissions: {} }));
	const auto = findings(env, project, ['--offline']).by('permission mode')!;
	assert.is(auto.severity, 'warn');
	assert.match(auto.detail, /^auto \(the default of Claude Code 2\.1\.283\+/);
	assert.match(auto.fix!, /"defaultMode": "default"/);
	writeFileSync(settings, saved);
	// A version outside the tested range.
	const old = join(env.HOME!, 'old-bin');
	mkdirSync(old, { recursive: true });
	writeFileSync(join(old, 'claude'), '#!/bin/sh\necho "2.0.14 (Claude Code)"\n', { mode: 0o755 });
	const outside = findings({ ...env, PATH: `${old}:${env.PATH}` }, project, ['--offline']).by('Claude Code')!;
	assert.is(outside.severity, 'warn');
	assert.match(outside.detail, /2\.0\.14 .*outside the range/);
});

doctor('outside tmux, with the plugin enabled as well as the installed hooks: a tmux warning, each event registered twice, fixes named', ({ env, project }) => {
	const { TMUX: _t, TMUX_PANE: _p, ...outside } = env;
	mkdirSync(join(project, '.claude'), { recursive: true });
	writeFileSync(join(project, '.claude', 'settings.local.json'), JSON.stringify({ enabledPlugins: { 'taskping@local-dev': true } }));
	const { code, by } = findings(outside, project, ['--offline']);
	assert.is(code, 1);
	assert.is(by('inside tmux')?.severity, 'warn');
	assert.match(by('inside tmux')!.fix!, /inside tmux/);
	assert.is(by('hook Stop')?.severity, 'fail');
	assert.match(by('hook Stop')!.detail, /registered 2 times .*plugin taskping@local-dev/);
	assert.match(by('hook Stop')!.fix!, /taskping uninstall/);
	rmSync(join(project, '.claude'), { recursive: true, force: true });
});

doctor('a hook pointing at a script that no longer exists', ({ env, project }) => {
	mkdirSync(join(project, '.claude'), { recursive: true });
	writeFileSync(join(project, '.claude', 'settings.json'), JSON.stringify({ hooks: { Stop: [{ hooks: [{ type: 'command', command: '"/usr/bin/node" "/gone/hooks/taskping-hook.js" Stop' }] }] } }));
	const { code, list } = findings(env, project, ['--offline']);
	assert.is(code, 1);
	assert.ok(list.some((f) => f.severity === 'fail' && f.detail.includes('/gone/hooks/taskping-hook.js') && /taskping install/.test(f.fix ?? '')), JSON.stringify(list));
	rmSync(join(project, '.claude'), { recursive: true, force: true });
});

doctor('an exec-form hook whose bundle is gone (a partial copy): named, with the fix', ({ env, project }) => {
	const copy = mkdtempSync(join(tmpdir(), 'taskping-nobundle-'));
	mkdirSync(join(copy, 'hooks'), { recursive: true });
	writeFileSync(join(copy, 'hooks', 'taskping-hook.js'), '');
	mkdirSync(join(project, '.claude'), { recursive: true });
	writeFileSync(join(project, '.claude', 'settings.json'), JSON.stringify({ hooks: { Stop: [{ hooks: [{ type: 'command', command: '/usr/bin/node', args: [join(copy, 'hooks', 'taskping-hook.js'), 'Stop'] }] }] } }));
	const { code, by } = findings(env, project, ['--offline']);
	assert.is(code, 1);
	assert.is(by('hook bundle')?.severity, 'fail');
	assert.match(by('hook bundle')!.detail, /bundle\/hook\.cjs.* missing: the hook mails nothing/);
	assert.match(by('hook bundle')!.fix!, /npm run build/);
	rmSync(join(project, '.claude'), { recursive: true, force: true });
	rmSync(copy, { recursive: true, force: true });
});

doctor('a wrong password: both logins refused (auth), the fix names the app password', ({ env, project }) => {
	const { code, by } = findings({ ...env, SMTP_PASS: 'not-the-password' }, project);
	assert.is(code, 1);
	for (const check of ['SMTP', 'IMAP']) {
		assert.is(by(check)?.severity, 'fail');
		assert.match(by(check)!.detail, /\(auth\)$/);
		assert.match(by(check)!.fix!, /app password/);
	}
});

doctor('a port where nothing listens (IMAP), and TLS spoken to a plain port (SMTP): each named', async ({ env, project }) => {
	const { by } = findings({ ...env, IMAP_PORT: String(await getFreePort()), SMTP_SECURE: 'true' }, project);
	assert.match(by('IMAP')!.detail, /\(port\)$/);
	assert.match(by('IMAP')!.fix!, /IMAP_PORT/);
	assert.match(by('SMTP')!.detail, /\((tls|timeout)\)$/);
	assert.match(by('SMTP')!.fix!, /SMTP_SECURE/);
});

doctor('an invalid setting is reported with its fix, and the logins are skipped', ({ env, project }) => {
	const bad = findings({ ...env, TASKPING_LANGUAGE: 'klingon' }, project);
	assert.is(bad.code, 1);
	assert.is(bad.by('config')?.severity, 'fail');
	assert.match(bad.by('config')!.detail, /klingon/);
	assert.match(bad.by('config')!.fix!, /TASKPING_LANGUAGE/);
	const missing = findings({ ...env, SMTP_PORT: '99999' }, project);
	assert.is(missing.by('mailbox')?.severity, 'skip');
});

doctor.run();
