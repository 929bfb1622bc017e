/**
 * Locks name their holder by PID and start time, so a stale lock whose PID
 * now belongs to an unrelated process is stale (never "held", never a
 * process `status` tells you to kill), and every lock the watcher holds beats.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mock } from 'node:test';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatStatus } from '../../src/commands/status.js';
import { resolveConfig } from '../../src/config/validate.js';
import { acquireLock, LOCK_BEAT_MS, readLockHolder } from '../../src/fs/lock.js';
import { isSameProcess, ownStartTime, readStartTime } from '../../src/fs/process-identity.js';
import { createLogger } from '../../src/fs/log.js';
import { resolvePaths } from '../../src/fs/paths.js';
import { createStyle } from '../../src/setup/style.js';
import { gatherStatus } from '../../src/watch/report.js';
import { mailboxLockPath, runWatcher } from '../../src/watch/watcher.js';

const dir = () => mkdtempSync(join(tmpdir(), 'tp-lock-'));

/** An unrelated live process: what a reused PID points at. */
function unrelated(): ChildProcess {
	const child = spawn('sleep', ['60'], { stdio: 'ignore' });
	child.unref();
	return child;
}

test('the start time is read from /proc (field 22, after a command name with spaces and parens) and is stable', () => {
	const start = ownStartTime();
	assert.ok(start && /^\d+$/.test(start), String(start));
	assert.is(readStartTime(process.pid), start);
	const stat = readFileSync(`/proc/${process.pid}/stat`, 'utf8');
	assert.is(stat.split(' ')[21], start, 'field 22 when the name has no spaces');
	assert.is(readStartTime(999_999_999), null);
	assert.ok(isSameProcess(process.pid, start));
	assert.not.ok(isSameProcess(process.pid, `${start}1`), 'same PID, another start: another process');
	assert.ok(isSameProcess(process.pid, null), 'no recorded start time (older lock): a live PID is trusted as before');
	assert.not.ok(isSameProcess(999_999_999, null));
});

test('a lock records "<pid> <start time>"; a second taker sees it held; release removes it', () => {
	const path = join(dir(), 'a.lock');
	const lock = acquireLock(path);
	assert.ok('release' in lock);
	assert.is(readFileSync(path, 'utf8'), `${process.pid} ${ownStartTime()}`);
	assert.equal(acquireLock(path), { heldBy: process.pid });
	assert.is(readLockHolder(path)?.pid, process.pid);
	(lock as { release: () => void }).release();
	assert.is(readLockHolder(path), null);
});

test('a stale lock whose PID now belongs to an unrelated process is taken over, and nobody reads it as held', () => {
	const child = unrelated();
	try {
		const path = join(dir(), 'b.lock');
		// The old holder died; its PID now names `sleep`, which started at another time.
		writeFileSync(path, `${child.pid} 1`);
		assert.is(readLockHolder(path), null);
		const lock = acquireLock(path);
		assert.ok('release' in lock, 'taken over, not "held by" the unrelated process');
		assert.is(readFileSync(path, 'utf8'), `${process.pid} ${ownStartTime()}`);
		(lock as { release: () => void }).release();
		// The same PID with its real start time is a live holder.
		writeFileSync(path, `${child.pid} ${readStartTime(child.pid!)}`);
		assert.equal(acquireLock(path), { heldBy: child.pid });
		// A bare PID (written by an older TaskPing) is still honoured while alive.
		writeFileSync(path, String(child.pid));
		assert.equal(acquireLock(path), { heldBy: child.pid });
	} finally {
		child.kill();
	}
});

test('status never calls an unrelated process the watcher (nor advises killing it)', () => {
	const child = unrelated();
	try {
		const home = dir();
		const paths = resolvePaths({ TASKPING_HOME: home, HOME: home });
		const lock = acquireLock(paths.watcherLock); // creates the state dir
		(lock as { release: () => void }).release();
		writeFileSync(paths.watcherLock, `${child.pid} 1`);
		const old = new Date(Date.now() - 3_600_000);
		utimesSync(paths.watcherLock, old, old); // and "hung" by its age
		const report = gatherStatus(paths);
		assert.is(report.watcher.running, false);
		const text = formatStatus(report, createStyle({ isTTY: false } as NodeJS.WriteStream));
		assert.match(text, /watcher\s+not running/);
		assert.not.match(text, /kill/);
		assert.not.match(text, String(child.pid));
	} finally {
		child.kill();
	}
});

test('a lock taken with a heartbeat is touched every LOCK_BEAT_MS until released (fake timers)', () => {
	mock.timers.enable({ apis: ['setInterval'] });
	try {
		const path = join(dir(), 'c.lock');
		const lock = acquireLock(path, { heartbeat: true }) as { release: () => void };
		const old = new Date(Date.now() - 3_600_000);
		utimesSync(path, old, old);
		mock.timers.tick(LOCK_BEAT_MS - 1);
		assert.ok(Math.abs(statSync(path).mtimeMs - old.getTime()) < 1, 'not before the beat');
		mock.timers.tick(1);
		assert.ok(Date.now() - readLockHolder(path)!.touchedAtMs < 5_000, 'touched at the beat');
		lock.release();
		writeFileSync(path, `${process.pid} ${ownStartTime()}`);
		utimesSync(path, old, old);
		mock.timers.tick(3 * LOCK_BEAT_MS);
		assert.ok(Math.abs(statSync(path).mtimeMs - old.getTime()) < 1, 'a released lock beats no more');
	} finally {
		mock.timers.reset();
	}
});

test('a second watcher refuses to start with a fix that exists (kill, service uninstall), never "service stop"', async () => {
	const child = unrelated();
	try {
		const home = dir();
		const env = { HOME: home, TASKPING_HOME: home, SMTP_HOST: '127.0.0.1', SMTP_USER: 'bot@x.test', SMTP_PASS: 'x', IMAP_HOST: '127.0.0.1', EMAIL_TO: 'a@x.test', ALLOWED_SENDERS: 'a@x.test' };
		const paths = resolvePaths(env);
		const config = resolveConfig({}, env);
		const options = { paths, config, log: createLogger(join(home, 'log'), { echo: false, debug: false }), signal: AbortSignal.abort(), env };
		const held = `${child.pid} ${readStartTime(child.pid!)}`;
		for (const [path, code] of [[paths.watcherLock, 'watcher-running'], [mailboxLockPath(config, env), 'mailbox-watched']] as const) {
			const lock = acquireLock(path) as { release: () => void };
			lock.release();
			writeFileSync(path, held);
			try {
				await runWatcher(options);
				assert.unreachable();
			} catch (error) {
				const { code: got, message } = error as { code: string; message: string };
				assert.is(got, code);
				assert.match(message, new RegExp(`Stop it first \\(kill ${child.pid};`));
				assert.match(message, /taskping service uninstall/);
				assert.not.match(message, /service stop/);
			}
			writeFileSync(path, `${child.pid} 1`); // the same PID, another process: stale, so the next case reaches its lock
		}
	} finally {
		child.kill();
	}
});

test.run();
