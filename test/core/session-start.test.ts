import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startWatcherIfNeeded } from '../../src/hook/session-start.js';
import { handleHook } from '../../src/hook/main.js';
import { resolvePaths } from '../../src/fs/paths.js';

/**
 * The plugin's SessionStart: starts a watcher only when TaskPing is set up,
 * none runs, it is not turned off, and not twice within a minute. The
 * "watcher" here is a stand-in script that records how it was started.
 */
const configured = { smtp: { host: '127.0.0.1', user: 'svc@example.test', pass: 'x' }, imap: { host: '127.0.0.1' }, emailTo: ['me@example.test'], allowedSenders: ['me@example.test'] };

function world() {
	const dir = realpathSync(mkdtempSync(join(tmpdir(), 'taskping-sessionstart-')));
	const paths = resolvePaths({ TASKPING_HOME: join(dir, 'home') });
	const record = join(dir, 'started.txt');
	const entry = join(dir, 'fake-cli.mjs');
	// Appends its argv to the record, then exits: a watcher that started and stopped.
	writeFileSync(entry, `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(record)}, process.argv.slice(2).join(' ') + '\\n');\n`);
	return { dir, paths, record, entry };
}

const started = async (record: string, count: number) => {
	for (let i = 0; i < 100 && (!existsSync(record) || readFileSync(record, 'utf8').trim().split('\n').length < count); i++) await new Promise((r) => setTimeout(r, 50));
	return existsSync(record) ? readFileSync(record, 'utf8').trim().split('\n') : [];
};

test('set up, no watcher: starts one detached, logged; a second session within a minute does not', async () => {
	const { paths, record, entry } = world();
	const now = Date.now();
	assert.is(startWatcherIfNeeded(paths, configured, {}, entry, now), 'started');
	assert.equal(await started(record, 1), ['watch']);
	assert.ok(existsSync(join(paths.stateDir, 'watcher-autostart.log')));
	assert.is(startWatcherIfNeeded(paths, configured, {}, entry, now + 5_000), 'recently-tried');
	assert.is(startWatcherIfNeeded(paths, configured, {}, entry, now + 61_000), 'started', 'a watcher that died is started again a minute later');
	assert.equal(await started(record, 2), ['watch', 'watch']);
});

test('a live watcher holding the state lock: nothing started', () => {
	const { paths, record, entry } = world();
	mkdirSync(paths.stateDir, { recursive: true });
	writeFileSync(paths.watcherLock, String(process.pid));
	assert.is(startWatcherIfNeeded(paths, configured, {}, entry), 'running');
	assert.not.ok(existsSync(record));
});

test('not set up, turned off, or no CLI beside the hook: nothing started', () => {
	const { paths, record, entry } = world();
	assert.is(startWatcherIfNeeded(paths, {}, {}, entry), 'not-configured');
	assert.is(startWatcherIfNeeded(paths, configured, { TASKPING_AUTOSTART: 'false' }, entry), 'off');
	assert.is(startWatcherIfNeeded(paths, { ...configured, autoStartWatcher: false }, {}, entry), 'off');
	assert.is(startWatcherIfNeeded(paths, configured, {}, join(paths.stateDir, 'missing.mjs')), 'no-entry');
	assert.not.ok(existsSync(record));
});

test('a password command counts as the password; the environment alone can set TaskPing up', () => {
	const { paths, entry, record } = world();
	const { smtp, ...rest } = configured;
	assert.is(startWatcherIfNeeded(paths, { ...rest, smtp: { host: smtp.host, user: smtp.user, passCommand: 'pass show x' } }, {}, entry), 'started');
	const env = { SMTP_HOST: 'h', SMTP_USER: 'u', SMTP_PASS: 'p', IMAP_HOST: 'h', EMAIL_TO: 'a@b.c', ALLOWED_SENDERS: 'a@b.c' };
	const other = world();
	assert.is(startWatcherIfNeeded(other.paths, {}, env, other.entry), 'started');
	assert.ok(record);
});

test('SessionStart through handleHook: not set up → one systemMessage naming /taskping:setup; TASKPING=0 → nothing', () => {
	const { dir } = world();
	const env = { TASKPING_HOME: join(dir, 'home2') };
	const payload = JSON.stringify({ session_id: 'sess-a', hook_event_name: 'SessionStart', source: 'startup', cwd: dir });
	const out = handleHook(payload, env, 'SessionStart', {});
	assert.match(JSON.parse(out).systemMessage, /not set up .*\/taskping:setup/);
	assert.is(handleHook(payload, env, 'SessionStart', {}), '', 'once per session');
	assert.is(handleHook(JSON.stringify({ session_id: 'sess-b' }), { ...env, TASKPING: '0' }, 'SessionStart', {}), '');
});

test.run();
