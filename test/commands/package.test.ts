import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

/**
 * The npm package as a user gets it: `npm pack`, then installed into an empty
 * prefix from that tarball (its dependencies from the local npm cache), then
 * `taskping --help`, `taskping install` and the hook, all from the prefix.
 */
const root = new URL('../../..', import.meta.url).pathname;
const work = realpathSync(mkdtempSync(join(tmpdir(), 'taskping-pack-')));
const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' } });

// The tree is built by `npm run build` before the suite runs; --ignore-scripts keeps prepack from rebuilding it here.
const packed = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], root))[0] as { filename: string; size: number; files: Array<{ path: string }> };
const tarball = join(work, packed.filename);
const prefix = join(work, 'prefix');

test('the tarball holds the product only: dist/src, dist/install, hooks, .claude-plugin', () => {
	const paths = packed.files.map((file) => file.path);
	const allowed = /^(dist\/src\/|dist\/install\/|hooks\/|\.claude-plugin\/|package\.json$|README\.md$|LICENSE)/;
	assert.equal(paths.filter((path) => !allowed.test(path)), [], 'nothing outside the product');
	assert.equal(paths.filter((path) => /^dist\/(test|bench)\/|\.map$|\.ts$/.test(path)), [], 'no tests, benchmarks, sources or source maps');
	for (const needed of ['dist/src/cli.js', 'dist/install/install.js', 'hooks/taskping-hook.js', 'hooks/bundle/hook.cjs', 'hooks/bundle/send.mjs', 'hooks/hooks.json']) assert.ok(paths.includes(needed), needed);
	// A budget, not a target: raised from 400,000 when the fail-closed reader grew (parse5 tree adapter, history by own content,
	// the permission-answer allow-list) — a deliberate step, seen in review, never a silent creep.
	assert.ok(packed.size < 440_000, `tarball ${packed.size} bytes`);
	console.log(`  tarball: ${packed.size} bytes, ${paths.length} files`);
});

test('installed from the tarball into an empty prefix: taskping --help works', () => {
	npm(['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball], work);
	const help = execFileSync(join(prefix, 'bin', 'taskping'), ['--help'], { encoding: 'utf8', cwd: work });
	assert.match(help, /taskping <command>/);
	assert.match(help, /setup/);
});

test('from the prefix: install writes exec-form hooks pointing into it, and that hook queues a mail', () => {
	const home = join(work, 'home');
	const settings = join(work, 'claude', 'settings.json');
	const env = { PATH: process.env.PATH ?? '', HOME: work, TASKPING_HOME: home };
	execFileSync(join(prefix, 'bin', 'taskping'), ['install', '--settings', settings], { env, encoding: 'utf8' });
	const hook = JSON.parse(readFileSync(settings, 'utf8')).hooks.Stop[0].hooks[0];
	const installed = realpathSync(join(prefix, 'lib', 'node_modules', 'taskping'));
	assert.is(hook.command, process.execPath);
	assert.equal(hook.args, [join(installed, 'hooks', 'taskping-hook.js'), 'Stop']);
	assert.ok(statSync(hook.args[0]).isFile());
	const configured = { SMTP_HOST: '127.0.0.1', SMTP_PORT: '9', SMTP_USER: 'svc@example.test', SMTP_PASS: 'x', IMAP_HOST: '127.0.0.1', EMAIL_TO: 'me@example.test', ALLOWED_SENDERS: 'me@example.test' };
	const payload = JSON.stringify({ session_id: 's-pack', transcript_path: '/nowhere.jsonl', cwd: work, hook_event_name: 'Stop', last_assistant_message: 'packed' });
	const run = spawnSync(hook.command, hook.args, { input: payload, encoding: 'utf8', env: { ...env, ...configured } });
	assert.is(run.status, 0, run.stderr);
	assert.is(run.stdout, '');
	assert.is(readdirSync(join(home, 'state', 'outbox')).filter((name) => name.endsWith('.json')).length, 1);
});

test.run();
