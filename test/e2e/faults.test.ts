/**
 * Faults on the real parts: Dovecot restarted during IDLE, Postfix down while
 * hooks fire, the watcher SIGKILLed between typing and recording, and two
 * machines (two TASKPING_HOMEs, HOMEs, tmux servers and Claude Codes) sharing
 * one service mailbox. Each test asserts what reached Claude (the Messages
 * API stand-in of that machine): every reply once, nothing lost.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startClaude, type ClaudeSession } from '../harness/claude.js';
import { startMailServer, submitRaw, waitForMail, type MailServer } from '../harness/mail-server.js';
import { startMessagesApi, type MessagesApi } from '../harness/messages-api.js';
import { startTmux, type TmuxServer } from '../harness/tmux.js';
import { resolvePaths } from '../../src/fs/paths.js';
import { readProcessed } from '../../src/state/processed.js';
import { alice, CLI, gmailReply, isNotificationSubject, mailSettings, service, startWatcher, taskping, waitFor, type Watcher } from './setup.js';
import { guardSetup } from '../harness/setup-guard.js';

interface Machine {
	name: string;
	home: string;
	env: NodeJS.ProcessEnv;
	api: MessagesApi;
	tmux: TmuxServer;
	claude: ClaudeSession;
	watcher: Watcher;
	/** Makes the watcher SIGKILL itself right after it runs this tmux subcommand (once). */
	killAfter(subcommand: 'list-panes' | 'send-keys'): void;
	stop(): Promise<void>;
}

const REAL_TMUX = execFileSync('sh', ['-c', 'command -v tmux'], { encoding: 'utf8' }).trim();

/**
 * Fault injection from outside the product: the watcher finds `tmux` on its
 * PATH, and this wrapper runs the real one, then kills its caller (the
 * watcher) when the trigger file names that subcommand.
 */
const tmuxWrapper = (trigger: string) => `#!/bin/sh
${JSON.stringify(REAL_TMUX)} "$@"
rc=$?
if [ -f ${JSON.stringify(trigger)} ]; then
	want=$(cat ${JSON.stringify(trigger)})
	for arg in "$@"; do
		if [ "$arg" = "$want" ]; then rm -f ${JSON.stringify(trigger)}; kill -KILL $PPID; fi
	done
fi
exit $rc
`;

async function startMachine(mail: MailServer, name: string): Promise<Machine> {
	const home = mkdtempSync(join(tmpdir(), `taskping-${name}-`));
	const bin = join(home, 'bin');
	mkdirSync(bin);
	const trigger = join(home, 'kill-after');
	writeFileSync(join(bin, 'tmux'), tmuxWrapper(trigger), { mode: 0o755 });
	const env: NodeJS.ProcessEnv = { PATH: `${bin}:${process.env.PATH}`, HOME: home, TASKPING_HOME: home, LANG: 'C.UTF-8' };
	const settings: Array<[string, string]> = [...mailSettings(mail), ['TASKPING_IDLE_DELAY_MS', '200'], ['TASKPING_SHARED_MAILBOX', 'true'], ['TASKPING_AUTHSERV_ID', mail.authservId]];
	for (const [key, value] of settings) taskping(['config', 'set', key, value], env);
	const settingsFile = join(home, 'claude-settings.json');
	taskping(['install', '--settings', settingsFile], env);
	const api = await startMessagesApi();
	const tmux = await startTmux();
	const claude = await startClaude({ tmux, api, settings: JSON.parse(readFileSync(settingsFile, 'utf8')), env: { TASKPING_HOME: home } });
	const machine: Machine = {
		name, home, env, api, tmux, claude,
		watcher: await startWatcher(env),
		killAfter: (subcommand) => writeFileSync(trigger, subcommand),
		async stop() {
			await machine.watcher.stop();
			await claude.stop();
			await tmux.kill();
			await api.close();
			rmSync(home, { recursive: true, force: true });
		},
	};
	return machine;
}

const said = (machine: Machine, text: string) => machine.api.userTexts().filter((t) => t === text).length;
const stateFile = (machine: Machine, name: string) => join(machine.home, 'state', name);
/** The watcher's processed map as the watcher reads it (snapshot + journal). */
const processedOf = (machine: Machine) => readProcessed(resolvePaths({ TASKPING_HOME: machine.home }));
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const logOf = (machine: Machine) => (existsSync(stateFile(machine, 'taskping.log')) ? readFileSync(stateFile(machine, 'taskping.log'), 'utf8') : '');
const outboxJobs = (machine: Machine) => readdirSync(stateFile(machine, 'outbox')).filter((name) => name.endsWith('.json')).map((name) => readJson(join(stateFile(machine, 'outbox'), name)));

/** Types a prompt and returns the notification of the turn it ends (the stand-in answers "ACK: <prompt>"). */
async function promptAndNotification(mail: MailServer, machine: Machine, prompt: string, timeoutMs = 20_000) {
	await machine.claude.waitForStatus('idle');
	await machine.claude.type(prompt);
	const found = await waitForMail(mail, alice, (m) => isNotificationSubject(m.subject) && m.subject.includes(`: ACK: ${prompt} · `), timeoutMs);
	const parsed = await simpleParser(found.raw);
	return { uid: found.uid, subject: found.subject, messageId: parsed.messageId!, text: parsed.text ?? '', token: /#([0-9A-Z]{13})\]/.exec(found.subject)![1]! };
}

let replyCounter = 0;
async function reply(mail: MailServer, to: { subject: string; messageId: string; text: string }, text: string): Promise<string> {
	const messageId = `<fault-${++replyCounter}-${Date.now()}@users.test>`;
	await submitRaw(mail, alice, [service.address], gmailReply({ from: alice, subject: to.subject, inReplyTo: to.messageId, text, quoted: to.text, messageId }));
	return messageId;
}

/** Flags of the service mailbox's message with this Message-ID, as the server has them. */
async function flagsOf(mail: MailServer, messageId: string): Promise<string[]> {
	const client = new ImapFlow({ host: mail.host, port: mail.imapPort, secure: false, doSTARTTLS: false, auth: { user: service.address, pass: service.password }, logger: false });
	await client.connect();
	try {
		await client.mailboxOpen('INBOX', { readOnly: true });
		const uids = (await client.search({ header: { 'message-id': messageId } }, { uid: true })) || [];
		const message = uids[0] ? await client.fetchOne(String(uids[0]), { uid: true, flags: true }, { uid: true }) : false;
		return message ? [...(message.flags ?? [])] : [];
	} finally {
		await client.logout().catch(() => client.close());
	}
}

const faults = suite<{ mail: MailServer; a: Machine; b?: Machine; last: Awaited<ReturnType<typeof promptAndNotification>> }>('faults');
const measured: Record<string, number> = {};

faults.before(guardSetup('faults', async (context) => {
	context.mail = await startMailServer({ accounts: [service, alice] });
	context.a = await startMachine(context.mail, 'a');
	context.last = await promptAndNotification(context.mail, context.a, 'first task');
}));

faults.after(async (context) => {
	if (process.env.TASKPING_E2E_DEBUG) for (const m of [context.a, context.b]) if (m) console.log(`--- ${m.name}\n${m.watcher.output()}\n${logOf(m)}`);
	await context.b?.stop();
	await context.a?.stop();
	await context.mail?.stop();
	console.log(`\n  measured: ${Object.entries(measured).map(([key, ms]) => `${key} ${ms} ms`).join(', ')}`);
});

faults('Dovecot restarted during IDLE: the watcher reconnects, catches up, and types the reply once', async ({ mail, a, last }) => {
	await waitFor('watcher idle', () => readJson(stateFile(a, 'watcher-status.json')).imap.state === 'idle');
	const restartedAt = Date.now();
	await mail.restartImap();
	// Most likely delivered while the watcher is still backing off: then only the catch-up can find it.
	await reply(mail, last, 'after the imap restart');
	await a.api.waitFor((body) => JSON.stringify(body.messages).includes('after the imap restart'), 20_000);
	measured['imap restart→typed'] = Date.now() - restartedAt;
	await waitForMail(mail, alice, (m) => m.raw.includes('Typed into Claude Code') && m.raw.includes('after the imap restart'), 15_000);
	const status = readJson(stateFile(a, 'watcher-status.json'));
	assert.ok(status.imap.reconnects >= 1, `reconnects: ${status.imap.reconnects}`);
	assert.is(status.imap.state, 'idle');
	assert.is(said(a, 'after the imap restart'), 1);
});

faults('Postfix down while hooks fire: notifications wait in the outbox and go out oldest first when it returns', async (context) => {
	const { mail, a } = context;
	// The turn the last reply started mails its own notification: let it go before the outage.
	await waitForMail(mail, alice, (m) => isNotificationSubject(m.subject) && m.subject.includes(': ACK: after the imap restart · '), 15_000);
	await waitFor('outbox empty', () => outboxJobs(a).length === 0, 10_000);
	await mail.stopSmtp();
	let upAt = 0;
	try {
		for (const prompt of ['second task', 'third task']) {
			await a.claude.waitForStatus('idle');
			await a.claude.type(prompt);
			await a.api.waitFor((body) => JSON.stringify(body.messages).includes(prompt), 15_000);
		}
		const queued = await waitFor('both notifications failed once', () => {
			const jobs = outboxJobs(a).filter((job) => job.kind === 'notification');
			return jobs.length === 2 && jobs.every((job) => job.attempts >= 1) && jobs;
		}, 15_000).catch((error: Error) => {
			throw new Error(`${error.message}; outbox: ${JSON.stringify(outboxJobs(a).map(({ kind, attempts, lastError }) => ({ kind, attempts, lastError })))}`);
		});
		assert.match(queued[0].lastError, /ECONNREFUSED|ECONNECTION|ESOCKET/);
	} finally {
		upAt = Date.now();
		await mail.startSmtp();
	}
	const second = await promptNotificationArrived(mail, 'second task');
	const third = await promptNotificationArrived(mail, 'third task');
	measured['smtp up→both notifications'] = Date.now() - upAt;
	assert.ok(second.uid < third.uid, 'the older notification went out first');
	await waitFor('outbox empty', () => outboxJobs(a).length === 0, 5000);
	context.last = await notificationOf(third);
});

async function promptNotificationArrived(mail: MailServer, prompt: string) {
	return waitForMail(mail, alice, (m) => isNotificationSubject(m.subject) && m.subject.includes(`: ACK: ${prompt} · `), 30_000);
}

async function notificationOf(found: { uid: number; subject: string; raw: string }) {
	const parsed = await simpleParser(found.raw);
	return { uid: found.uid, subject: found.subject, messageId: parsed.messageId!, text: parsed.text ?? '', token: /#([0-9A-Z]{13})\]/.exec(found.subject)![1]! };
}

faults('SIGKILL between typing and recording: the restarted watcher never types again, finds it in the transcript, confirms', async (context) => {
	const { mail, a, last } = context;
	await a.claude.waitForStatus('idle');
	a.killAfter('send-keys');
	const messageId = await reply(mail, last, 'typed just before the crash');
	const exited = await waitFor('watcher killed', () => a.watcher.process.signalCode === 'SIGKILL', 20_000);
	assert.ok(exited);
	await a.api.waitFor((body) => JSON.stringify(body.messages).includes('typed just before the crash'), 10_000);
	// The crash hit the window: intent recorded, result not.
	assert.is(processedOf(a)[messageId]?.state, 'typing');
	const restartedAt = Date.now();
	a.watcher = await startWatcher(a.env);
	await waitForMail(mail, alice, (m) => m.raw.includes('Typed into Claude Code') && m.raw.includes('typed just before the crash'), 15_000);
	measured['restart→reconciled'] = Date.now() - restartedAt;
	await sleep(1000);
	assert.is(said(a, 'typed just before the crash'), 1);
	assert.is(processedOf(a)[messageId]?.state, 'done');
});

faults('SIGKILL before typing: the queued reply survives the crash and is typed once after the restart', async (context) => {
	const { mail, a, last } = context;
	await a.claude.waitForStatus('idle');
	a.killAfter('list-panes');
	const messageId = await reply(mail, last, 'queued across the crash');
	await waitFor('watcher killed', () => a.watcher.process.signalCode === 'SIGKILL', 20_000);
	// Killed while looking at the pane: the reply is in the queue on disk, no intent to type was recorded yet.
	assert.is(processedOf(a)[messageId]?.state, 'queued');
	assert.is(said(a, 'queued across the crash'), 0);
	const restartedAt = Date.now();
	a.watcher = await startWatcher(a.env);
	await a.api.waitFor((body) => JSON.stringify(body.messages).includes('queued across the crash'), 15_000);
	measured['restart→queued reply typed'] = Date.now() - restartedAt;
	await waitForMail(mail, alice, (m) => m.raw.includes('Typed into Claude Code') && m.raw.includes('queued across the crash'), 15_000);
	await sleep(1000);
	assert.is(said(a, 'queued across the crash'), 1);
	assert.is(processedOf(a)[messageId]?.state, 'done');
});

faults('two machines, one mailbox: each types only its own replies and leaves the other\'s mail untouched', async (context) => {
	const { mail, a } = context;
	const b = (context.b = await startMachine(mail, 'b'));
	const forA = await promptAndNotification(mail, a, 'task on a');
	const forB = await promptAndNotification(mail, b, 'task on b');
	// Nobody's mail (a token neither machine issued), delivered first: both watchers pass it before they reach their own.
	const nobodys = await reply(mail, { ...forA, subject: '[TaskPing #ZZZZZZZZZZZZZ] proj: ACK: task on a', messageId: '<not-a-taskping-id@x.test>' }, 'for nobody');
	const sentAt = Date.now();
	const replyA = await reply(mail, forA, 'for machine a');
	const replyB = await reply(mail, forB, 'for machine b');
	await a.api.waitFor((body) => JSON.stringify(body.messages).includes('for machine a'), 15_000);
	await b.api.waitFor((body) => JSON.stringify(body.messages).includes('for machine b'), 15_000);
	measured['two machines→both typed'] = Date.now() - sentAt;
	await sleep(1500);
	assert.equal([said(a, 'for machine a'), said(a, 'for machine b'), said(b, 'for machine b'), said(b, 'for machine a')], [1, 0, 1, 0]);
	const idA = readFileSync(stateFile(a, 'instance-id'), 'utf8').trim().toLowerCase();
	const idB = readFileSync(stateFile(b, 'instance-id'), 'utf8').trim().toLowerCase();
	const flagsA = (await flagsOf(mail, replyA)).map((f) => f.toLowerCase());
	const flagsB = (await flagsOf(mail, replyB)).map((f) => f.toLowerCase());
	assert.equal(flagsA.filter((f) => f.startsWith('$taskping_')), [`$taskping_${idA}`], 'reply A claimed by A only');
	assert.equal(flagsB.filter((f) => f.startsWith('$taskping_')), [`$taskping_${idB}`], 'reply B claimed by B only');
	assert.ok(flagsA.includes('\\seen') && flagsB.includes('\\seen'));
	assert.equal(await flagsOf(mail, nobodys), [], 'mail of no machine is left exactly as it was: not read, not claimed');
	// Neither answered the other's reply with "unknown token".
	const unknown = await waitForMail(mail, alice, (m) => m.raw.includes('not known on this machine'), 1000).then(() => true, () => false);
	assert.not.ok(unknown);
	assert.ok(logOf(a).includes('mail-not-ours') && logOf(b).includes('mail-not-ours'));
});

faults('two watchers that both know a token (a copied state dir): the atomic claim lets exactly one type it', async (context) => {
	const { mail, a } = context;
	const b = context.b!;
	const forA = await promptAndNotification(mail, a, 'task for both');
	// B learns A's token, as if the state dir had been copied between machines.
	for (const name of readdirSync(stateFile(a, 'sessions'))) copyFileSync(join(stateFile(a, 'sessions'), name), join(stateFile(b, 'sessions'), name));
	const messageId = await reply(mail, forA, 'claimed exactly once');
	await a.api.waitFor((body) => JSON.stringify(body.messages).includes('claimed exactly once'), 15_000);
	await waitFor('the loser logged it', () => [a, b].some((m) => logOf(m).includes('reply-claimed-elsewhere')), 10_000);
	await sleep(1500);
	assert.is(said(a, 'claimed exactly once'), 1);
	const claims = (await flagsOf(mail, messageId)).filter((f) => f.toLowerCase().startsWith('$taskping_'));
	assert.is(claims.length, 1, `claims: ${claims.join(' ')}`);
});

faults('a second watcher for the same mailbox on the same machine (another TASKPING_HOME) is refused with a clear message', ({ a }) => {
	const other = mkdtempSync(join(tmpdir(), 'taskping-second-'));
	try {
		copyFileSync(join(a.home, 'config.json'), join(other, 'config.json'));
		const second = spawnSync(process.execPath, [CLI, 'watch'], { env: { ...a.env, TASKPING_HOME: other }, encoding: 'utf8', timeout: 20_000 });
		assert.is(second.status, 1);
		assert.match(second.stderr, new RegExp(`^taskping: Another watcher \\(pid ${a.watcher.process.pid}\\) on this machine already watches ${service.address} at 127\\.0\\.0\\.1; one per mailbox is enough\\. Stop it first`, 'm'));
	} finally {
		rmSync(other, { recursive: true, force: true });
	}
});

faults.run();
