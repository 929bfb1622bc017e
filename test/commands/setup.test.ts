import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startTmux } from '../harness/tmux.js';
import { CLI } from '../e2e/setup.js';

/**
 * `taskping setup` (the plugin's /taskping:setup) from inside tmux: init's
 * questions open in a new window of the user's own tmux, where a password can
 * be typed without passing through Claude Code; outside tmux, the line to run.
 */
test('inside tmux: a "taskping-setup" window asks init\'s first question', async () => {
	const tmux = await startTmux();
	try {
		await tmux.tmux(['new-session', '-d', '-s', 'work', 'sleep 600']);
		const home = realpathSync(mkdtempSync(join(tmpdir(), 'taskping-setup-')));
		const env = { PATH: process.env.PATH ?? '', HOME: home, TASKPING_HOME: join(home, 'tp'), TMUX: `${tmux.socketPath},1,0` };
		const out = execFileSync(process.execPath, [CLI, 'setup'], { env, encoding: 'utf8' });
		assert.match(out, /new tmux window "taskping-setup"/);
		assert.match(out, /never into Claude Code/);
		const windows = (await tmux.tmux(['list-windows', '-a', '-F', '#{window_name} #{pane_id}'])).trim().split('\n');
		const pane = windows.find((line) => line.startsWith('taskping-setup '))?.split(' ')[1];
		assert.ok(pane, windows.join('\n'));
		await tmux.waitForScreen(pane!, (screen) => screen.includes('Service mailbox address'), 15_000);
	} finally {
		await tmux.kill();
	}
});

test('outside tmux: prints the one line to paste (init, then the watcher in the background)', () => {
	const env = { PATH: process.env.PATH ?? '', HOME: tmpdir() };
	const out = execFileSync(process.execPath, [CLI, 'setup'], { env, encoding: 'utf8' });
	assert.match(out, /not inside tmux/);
	assert.match(out, /'init' && .*'watch' '--detach'/);
});

test('watch --detach: a missing setting is said here (exit 1), a running watcher is left alone', () => {
	const home = realpathSync(mkdtempSync(join(tmpdir(), 'taskping-detach-')));
	const env = { PATH: process.env.PATH ?? '', HOME: home, TASKPING_HOME: home };
	const bad = spawnSync(process.execPath, [CLI, 'watch', '--detach'], { env, encoding: 'utf8' });
	assert.is(bad.status, 1);
	assert.match(bad.stderr, /SMTP_HOST/);
	const settings = { SMTP_HOST: '127.0.0.1', SMTP_USER: 'svc@example.test', SMTP_PASS: 'x', IMAP_HOST: '127.0.0.1', EMAIL_TO: 'me@example.test', ALLOWED_SENDERS: 'me@example.test' };
	mkdirSync(join(home, 'state'), { recursive: true });
	writeFileSync(join(home, 'state', 'watcher.lock'), String(process.pid));
	const running = spawnSync(process.execPath, [CLI, 'watch', '--detach'], { env: { ...env, ...settings }, encoding: 'utf8' });
	assert.is(running.status, 0, running.stderr);
	assert.match(running.stdout, new RegExp(`already runs \\(pid ${process.pid}`));
});

test.run();
