/**
 * `taskping status` as a user runs it, against the real mail server: before
 * the watcher starts, with a hook's notification stuck behind a stopped MTA
 * (then given up), with the watcher up and a refused reply, and after the
 * watcher is gone. Full tokens never appear in its output.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startMailServer, submitRaw, type MailServer } from '../harness/mail-server.js';
import { alice, CLI, gmailReply, mailSettings, service, startWatcher, taskping, waitFor, type Watcher } from '../e2e/setup.js';
import { guardSetup } from '../harness/setup-guard.js';

const status = suite<{ mail: MailServer; home: string; env: NodeJS.ProcessEnv; watcher?: Watcher }>('status');

function run(args: string[], env: NodeJS.ProcessEnv, input = '') {
	const result = spawnSync(process.execPath, [CLI, ...args], { env, input, encoding: 'utf8', timeout: 20_000 });
	return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
/** Waits are on the state files (cheap); the assertions go through the CLI, as a user would. */
const readJsonFile = (file: string) => {
	try {
		return JSON.parse(readFileSync(file, 'utf8'));
	} catch {
		return null;
	}
};
const outboxFiles = (home: string, sub = '') => {
	try {
		return readdirSync(join(home, 'state', 'outbox', sub)).filter((name) => name.endsWith('.json')).map((name) => readJsonFile(join(home, 'state', 'outbox', sub, name)));
	} catch {
		return [];
	}
};
const json = (env: NodeJS.ProcessEnv) => {
	const result = run(['status', '--json'], env);
	assert.is(result.code, 0, result.stderr);
	return JSON.parse(result.stdout);
};

status.before(guardSetup('status', async (context) => {
	context.mail = await startMailServer({ accounts: [service, alice] });
	context.home = mkdtempSync(join(tmpdir(), 'taskping-status-'));
	context.env = { PATH: process.env.PATH, HOME: context.home, TASKPING_HOME: context.home, LANG: 'C.UTF-8' };
	const { mail, env } = context;
	const extra: Array<[string, string]> = [['TASKPING_IDLE_DELAY_MS', '200'], ['TASKPING_AUTHSERV_ID', mail.authservId], ['TASKPING_OUTBOX_MAX_AGE_HOURS', '0.001']];
	for (const [key, value] of [...mailSettings(mail), ...extra]) taskping(['config', 'set', key, value], env);
}));

status.after(async (context) => {
	await context.watcher?.stop();
	await context.mail?.stop();
	rmSync(context.home, { recursive: true, force: true });
});

status('before anything runs: watcher down, nothing queued', ({ env }) => {
	const report = json(env);
	assert.is(report.watcher.running, false);
	assert.is(report.imap, null);
	assert.equal(report.sessions, []);
	assert.equal(report.outbox, { pending: [], failed: [] });
	assert.equal(report.outcomes, []);
	const human = run(['status'], env);
	assert.match(human.stdout, /watcher\s+not running/);
	assert.not.match(human.stdout, /\x1b\[/, 'no colour when piped');
});

status('a hook fires while SMTP is down: the session is live and the notification pending with its error, then given up', async (context) => {
	const { mail, env } = context;
	await mail.stopSmtp();
	try {
		const payload = JSON.stringify({ hook_event_name: 'Stop', session_id: 'sess-1', cwd: '/work/shop-api', transcript_path: '/nonexistent.jsonl', last_assistant_message: 'All tests pass. Deploy?' });
		const hook = run(['hook', 'Stop'], { ...env, TMUX: '/tmp/taskping-no-such-socket,1,0', TMUX_PANE: '%7' }, payload);
		assert.is(hook.code, 0);
		await waitFor('the hook sender failed once', () => outboxFiles(context.home)[0]?.attempts >= 1, 15_000);
		const report = json(env);
		assert.is(report.sessions.length, 1);
		const [session] = report.sessions;
		assert.equal({ project: session.project, pane: session.pane, kind: session.kind }, { project: 'shop-api', pane: '%7', kind: 'prompt' });
		assert.match(session.token, /^[0-9A-Z]{4}…$/);
		assert.match(report.outbox.pending[0].what, /shop-api: Stop/);
		assert.match(report.outbox.pending[0].lastError, /ECONNECTION|ESOCKET/);
		// Older than TASKPING_OUTBOX_MAX_AGE_HOURS (3.6 s) at its next failure: given up, and shown.
		await new Promise((resolve) => setTimeout(resolve, 4000));
		// A later turn's Stop (an identical event would be ignored as a double registration) starts the sender again.
		const nextTurn = payload.replace('All tests pass. Deploy?', 'Deployed.');
		run(['hook', 'Stop'], { ...env, TMUX: '/tmp/taskping-no-such-socket,1,0', TMUX_PANE: '%7' }, nextTurn);
		await waitFor('given up', () => outboxFiles(context.home, 'failed').length >= 1, 15_000);
		const given = json(env);
		assert.ok(given.outbox.failed[0].gaveUpAt);
		assert.match(run(['status'], env).stdout, /given up/);
	} finally {
		await mail.startSmtp();
	}
});

status('with the watcher up: running, IMAP idle with its last IDLE event, and a refused reply among the outcomes', async (context) => {
	const { mail, env } = context;
	context.watcher = await startWatcher(env);
	await waitFor('idle', () => readJsonFile(join(context.home, 'state', 'watcher-status.json'))?.imap.state === 'idle');
	let report = json(env);
	assert.is(report.watcher.running, true);
	assert.is(report.watcher.pid, context.watcher.process.pid);
	assert.is(report.imap.lastIdleEvent.kind, 'idle-start');
	const sessions = join(context.home, 'state', 'sessions');
	const fullToken: string = JSON.parse(readFileSync(join(sessions, readdirSync(sessions)[0]!), 'utf8')).token;
	const subject = `[TaskPing #${fullToken}] shop-api: All tests pass. Deploy?`;
	await submitRaw(mail, alice, [service.address], gmailReply({ from: alice, subject, text: 'deploy it', quoted: 'All tests pass. Deploy?', messageId: '<status-reply-1@users.test>' }));
	await waitFor('outcome recorded', () => existsSync(join(context.home, 'state', 'outcomes.jsonl')), 15_000);
	report = json(env);
	const [outcome] = report.outcomes;
	assert.is(outcome.accepted, false);
	assert.ok(outcome.reasons.includes('pane-gone'), JSON.stringify(outcome));
	assert.is(report.imap.lastIdleEvent.kind, 'exists');
	const human = run(['status'], env).stdout;
	assert.match(human, /watcher\s+running/);
	assert.match(human, /imap\s+idle/);
	assert.match(human, /refused: .*pane-gone/);
	for (const text of [human, run(['status', '--json'], env).stdout]) assert.not.ok(text.includes(fullToken), 'no full token in the output');
	assert.is(report.watcher.responding, true);
	// A watcher that stopped beating (hung): its lock's mtime is the heartbeat.
	const lock = join(context.home, 'state', 'watcher.lock');
	const old = new Date(Date.now() - 10 * 60_000);
	utimesSync(lock, old, old);
	assert.is(json(env).watcher.responding, false);
	assert.match(run(['status'], env).stdout, new RegExp(`watcher\\s+not responding \\(pid ${context.watcher.process.pid}.*kill -9 ${context.watcher.process.pid}`));
	const now = new Date();
	utimesSync(lock, now, now);
});

status('after the watcher stops: down, and the IMAP state says stopped', async (context) => {
	await context.watcher!.stop();
	const report = json(context.env);
	assert.is(report.watcher.running, false);
	assert.is(report.imap.state, 'stopped');
});

status.run();
