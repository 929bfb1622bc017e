import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

/**
 * The committed hooks/bundle/ is what a plugin installed from its marketplace
 * runs (no build, no node_modules there): it must be exactly a fresh build of
 * src/, committed, and run from a folder with no node_modules anywhere above.
 */
const root = new URL('../../..', import.meta.url).pathname;

test('hooks/bundle/* is byte for byte a fresh build of src/ (else: npm run build)', () => {
	const result = spawnSync(process.execPath, [join(root, 'scripts', 'bundle.js'), '--check'], { cwd: root, encoding: 'utf8' });
	assert.is(result.status, 0, result.stderr);
});

test('hooks/bundle/* is committed as built (CI fails on a stale committed bundle)', () => {
	if (!existsSync(join(root, '.git'))) throw new Error(`not a git checkout: ${root}; this check needs one (CI runs on a clone)`);
	const status = execFileSync('git', ['status', '--porcelain', '--', 'hooks/bundle', 'hooks/taskping-hook.js'], { cwd: root, encoding: 'utf8' });
	assert.is(status, '', `uncommitted bundle changes — commit hooks/bundle/ with the src/ change that made them:\n${status}`);
});

/** A copy of hooks/ in an empty temp folder: nothing to resolve a missing dependency from. */
function isolatedHooks(): string {
	const dir = realpathSync(mkdtempSync(join(tmpdir(), 'taskping-bundle-')));
	cpSync(join(root, 'hooks'), join(dir, 'hooks'), { recursive: true, filter: (src) => !src.includes('node_modules') });
	return dir;
}

const stop = (session: string) => JSON.stringify({ session_id: session, transcript_path: '/nowhere.jsonl', cwd: '/tmp', hook_event_name: 'Stop', last_assistant_message: 'done' });
const configured = { SMTP_HOST: '127.0.0.1', SMTP_PORT: '9', SMTP_USER: 'svc@example.test', SMTP_PASS: 'x', IMAP_HOST: '127.0.0.1', EMAIL_TO: 'me@example.test', ALLOWED_SENDERS: 'me@example.test', TASKPING_AUTOSTART: 'false' };

function runHookAt(dir: string, env: Record<string, string>, input: string, event = 'Stop') {
	return spawnSync(process.execPath, [join(dir, 'hooks', 'taskping-hook.js'), event], { input, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: dir, ...env }, timeout: 15_000 });
}

test('the hook runs from a copy with no node_modules: queues the mail, exits 0, prints nothing when set up', () => {
	const dir = isolatedHooks();
	const home = join(dir, 'home');
	const result = runHookAt(dir, { ...configured, TASKPING_HOME: home }, stop('s-ok'));
	assert.is(result.status, 0, result.stderr);
	assert.is(result.stdout, '');
	assert.is(readdirSync(join(home, 'state', 'outbox')).filter((name) => name.endsWith('.json')).length, 1);
});

test('not set up: one systemMessage per session naming the missing setting and the fix', () => {
	const dir = isolatedHooks();
	const env = { TASKPING_HOME: join(dir, 'home') };
	const first = runHookAt(dir, env, stop('s-1'));
	assert.is(first.status, 0);
	const message = JSON.parse(first.stdout).systemMessage as string;
	assert.match(message, /SMTP_HOST is not set/);
	assert.match(message, /\/taskping:setup/);
	assert.is(runHookAt(dir, env, JSON.stringify({ ...JSON.parse(stop('s-1')), last_assistant_message: 'again' })).stdout, '', 'said once per session');
	assert.match(runHookAt(dir, env, stop('s-2')).stdout, /systemMessage/, 'a new session hears it again');
});

test('bundle missing: the entry says so once per session and still exits 0', () => {
	const dir = isolatedHooks();
	rmSync(join(dir, 'hooks', 'bundle', 'hook.cjs'));
	const session = `s-missing-${Date.now()}`;
	const first = runHookAt(dir, {}, stop(session));
	assert.is(first.status, 0);
	assert.match(JSON.parse(first.stdout).systemMessage, /hook core .*hook\.cjs is missing/);
	assert.is(runHookAt(dir, {}, stop(session)).stdout, '');
});

test('TASKPING=0: every hook is a no-op (nothing written, nothing said)', () => {
	const dir = isolatedHooks();
	const home = join(dir, 'home');
	for (const event of ['Stop', 'Notification', 'PermissionRequest', 'SessionStart']) {
		const result = runHookAt(dir, { TASKPING: '0', TASKPING_HOME: home }, stop('s-off'), event);
		assert.is(result.status, 0);
		assert.is(result.stdout, '');
	}
	assert.not.ok(existsSync(home), 'no state folder was even created');
});

test('the bundled CLI runs from a copy with no node_modules (help, doctor parse config)', () => {
	const dir = isolatedHooks();
	const help = spawnSync(process.execPath, [join(dir, 'hooks', 'bundle', 'taskping.mjs'), '--help'], { encoding: 'utf8', cwd: dir });
	assert.is(help.status, 0, help.stderr);
	assert.match(help.stdout, /taskping <command>/);
	const version = spawnSync(process.execPath, [join(dir, 'hooks', 'bundle', 'taskping.mjs'), '--version'], { encoding: 'utf8', cwd: dir });
	assert.is(version.stdout.trim(), JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version, 'the version is stamped in: the plugin has no package.json');
	mkdirSync(join(dir, 'home'));
	writeFileSync(join(dir, 'home', 'config.json'), '{}');
	const keys = spawnSync(process.execPath, [join(dir, 'hooks', 'bundle', 'taskping.mjs'), 'config', 'keys'], { encoding: 'utf8', cwd: dir, env: { ...process.env, TASKPING_HOME: join(dir, 'home') } });
	assert.is(keys.status, 0, keys.stderr);
	assert.match(keys.stdout, /TASKPING_AUTOSTART/);
	assert.ok(readFileSync(join(dir, 'hooks', 'bundle', 'send.mjs'), 'utf8').length > 0);
});

test.run();
