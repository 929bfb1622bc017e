/**
 * Proves the real mail server of the e2e tests: Dovecot + Postfix from a temp
 * dir on free loopback ports, the Authentication-Results stamp for
 * authenticated submitters only, IDLE, and the fault controls.
 */
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { ImapFlow } from 'imapflow';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
	appendRaw, deliverUnauthenticated, listServerProcesses, startMailServer, submitRaw, waitForMail, type MailAccount, type MailServer,
} from './mail-server.js';
import { isPortOpen } from './ports.js';
import { guardSetup } from './setup-guard.js';

const service: MailAccount = { address: 'service@taskping.test', password: 'service-pw-1' };
const alice: MailAccount = { address: 'alice@users.test', password: 'alice-pw-2' };
const mallory: MailAccount = { address: 'mallory@evil.test', password: 'mallory-pw-3' };
const AUTHSERV_ID = 'mx.taskping.test';

let server: MailServer;
let startMs = 0;
let counter = 0;

const uniqueSubject = (label: string): string => `${label} #${++counter} ${process.pid}-${Date.now()}`;

function message(from: string, to: string, subject: string, extraHeaders: string[] = []): string {
	return [
		...extraHeaders,
		`From: ${from}`,
		`To: ${to}`,
		`Subject: ${subject}`,
		`Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
		`Message-ID: <${Date.now()}.${++counter}@test.invalid>`,
		'MIME-Version: 1.0',
		'Content-Type: text/plain; charset=utf-8',
		'',
		`body of ${subject}`,
		'',
	].join('\r\n');
}

/** The header fields of a raw message in order, continuation lines unfolded. */
function headers(raw: string): { name: string; value: string }[] {
	const end = raw.search(/\r?\n\r?\n/);
	const block = end < 0 ? raw : raw.slice(0, end);
	const result: { name: string; value: string }[] = [];
	for (const line of block.split(/\r?\n/)) {
		const last = result[result.length - 1];
		if (/^[ \t]/.test(line) && last) {
			last.value += ` ${line.trim()}`;
		} else {
			const colon = line.indexOf(':');
			result.push({ name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1).trim() });
		}
	}
	return result;
}

const authResults = (raw: string): string[] => headers(raw).filter((h) => h.name === 'authentication-results').map((h) => h.value);

function isAlive(pid: number): boolean {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const state = stat.charAt(stat.lastIndexOf(')') + 2);
		return state !== 'Z' && state !== 'X';
	} catch {
		return false;
	}
}

/** "addr:port" of every TCP socket in LISTEN state that one of `pids` holds open. */
function listeningAddresses(pids: number[]): string[] {
	const inodes = new Set<string>();
	for (const pid of pids) {
		let fds: string[] = [];
		try {
			fds = readdirSync(`/proc/${pid}/fd`);
		} catch {
			continue;
		}
		for (const fd of fds) {
			try {
				const link = readlinkSync(`/proc/${pid}/fd/${fd}`);
				const m = /^socket:\[(\d+)\]$/.exec(link);
				if (m?.[1]) inodes.add(m[1]);
			} catch {
				// closed meanwhile
			}
		}
	}
	const found = new Set<string>();
	for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
		let lines: string[] = [];
		try {
			lines = readFileSync(table, 'utf8').trim().split('\n').slice(1);
		} catch {
			continue;
		}
		for (const line of lines) {
			const f = line.trim().split(/\s+/);
			const [local, state, inode] = [f[1] ?? '', f[3], f[9] ?? ''];
			if (state !== '0A' || !inodes.has(inode)) continue; // 0A = LISTEN
			const [hexAddr = '', hexPort = ''] = local.split(':');
			const addr = hexAddr.length === 8
				? [3, 2, 1, 0].map((i) => parseInt(hexAddr.slice(i * 2, i * 2 + 2), 16)).join('.')
				: `[${hexAddr}]`;
			found.add(`${addr}:${parseInt(hexPort, 16)}`);
		}
	}
	return [...found].sort();
}

async function rejects(promise: Promise<unknown>, pattern: RegExp, what: string): Promise<void> {
	try {
		await promise;
	} catch (error) {
		assert.match((error as Error).message, pattern, `${what}: unexpected error ${(error as Error).message}`);
		return;
	}
	assert.unreachable(`${what}: should have been rejected`);
}

test.before(guardSetup('mail-server', async () => {
	const t0 = Date.now();
	server = await startMailServer({ accounts: [service, alice, mallory] });
	startMs = Date.now() - t0;
	console.log(`  mail server started in ${startMs} ms (smtp ${server.smtpPort}, imap ${server.imapPort}, ${server.dir})`);
}));

test.after(async () => {
	await server?.stop();
});

test('listens on two free loopback ports only, from its own temp dir', async () => {
	assert.is(server.host, '127.0.0.1');
	assert.is(server.authservId, AUTHSERV_ID);
	assert.ok(server.smtpPort > 1024 && server.imapPort > 1024, 'high ports');
	assert.is.not(server.smtpPort, server.imapPort);
	assert.ok(existsSync(server.dir), 'temp dir exists');
	assert.equal(server.domains, ['evil.test', 'taskping.test', 'users.test']);
	assert.ok(await isPortOpen(server.smtpPort), 'SMTP port open');
	assert.ok(await isPortOpen(server.imapPort), 'IMAP port open');
	const pids = listServerProcesses(server);
	assert.ok(pids.length >= 4, `expected the daemons' processes, got ${pids.length}`);
	assert.equal(
		listeningAddresses(pids),
		[`127.0.0.1:${server.smtpPort}`, `127.0.0.1:${server.imapPort}`].sort(),
		'the only TCP listeners of the daemons',
	);
	assert.ok(startMs < 5000, `start took ${startMs} ms`);
});

test('authenticated submission arrives stamped with the sender login domain', async () => {
	const subject = uniqueSubject('auth submit');
	await submitRaw(server, alice, [service.address], message(alice.address, service.address, subject));
	const mail = await waitForMail(server, service, (m) => m.subject === subject);
	assert.is(mail.subject, subject);
	assert.ok(mail.uid > 0);
	const results = authResults(mail.raw);
	assert.equal(results, [
		`${AUTHSERV_ID}; auth=pass smtp.auth=alice@users.test; dkim=pass header.d=users.test; dmarc=pass header.from=users.test`,
	]);
});

test('the stamp follows the SASL login, not the From header', async () => {
	const subject = uniqueSubject('mallory as alice');
	await submitRaw(server, mallory, [service.address], message(alice.address, service.address, subject));
	const mail = await waitForMail(server, service, (m) => m.subject === subject);
	const top = authResults(mail.raw)[0] ?? '';
	assert.match(top, /smtp\.auth=mallory@evil\.test/);
	assert.match(top, /header\.d=evil\.test/);
	assert.not.match(top, /users\.test/);
});

test('SMTP AUTH with a wrong password is refused', async () => {
	await rejects(
		submitRaw(server, { address: alice.address, password: 'wrong' }, [service.address], message(alice.address, service.address, 'x')),
		/auth|535/i,
		'wrong password',
	);
});

test('unauthenticated delivery arrives without pass results, forged stamp below ours', async () => {
	const subject = uniqueSubject('forged');
	const forged = `Authentication-Results: ${AUTHSERV_ID}; auth=pass smtp.auth=alice@users.test; dkim=pass header.d=users.test; dmarc=pass header.from=users.test`;
	await deliverUnauthenticated(server, alice.address, [service.address], message(alice.address, service.address, subject, [forged]));
	const mail = await waitForMail(server, service, (m) => m.subject === subject);
	const results = authResults(mail.raw);
	assert.is(results.length, 2, `two Authentication-Results: ${JSON.stringify(results)}`);
	assert.is(results[0], `${AUTHSERV_ID}; auth=none; dkim=none; dmarc=none`);
	assert.not.match(results[0] ?? '', /=pass/);
	assert.is(results[1], forged.slice('Authentication-Results: '.length));
});

test('unauthenticated mail is accepted only for existing test addresses', async () => {
	await rejects(
		deliverUnauthenticated(server, alice.address, ['someone@example.com'], message(alice.address, 'someone@example.com', 'relay')),
		/relay|554|denied/i,
		'relay to another domain',
	);
	await rejects(
		deliverUnauthenticated(server, alice.address, ['nobody@taskping.test'], message(alice.address, 'nobody@taskping.test', 'unknown')),
		/550|unknown|reject/i,
		'unknown user of a test domain',
	);
});

test('authenticated senders reach any account of the test domains', async () => {
	const subject = uniqueSubject('to mallory');
	await submitRaw(server, alice, [mallory.address], message(alice.address, mallory.address, subject));
	const mail = await waitForMail(server, mallory, (m) => m.subject === subject);
	assert.match(authResults(mail.raw)[0] ?? '', /auth=pass smtp\.auth=alice@users\.test/);
});

test('an IMAP IDLE client sees a new message within 2 s', async () => {
	const client = new ImapFlow({
		host: server.host, port: server.imapPort, secure: false, doSTARTTLS: false,
		auth: { user: service.address, pass: service.password }, logger: false,
	});
	client.on('error', () => undefined);
	await client.connect();
	try {
		assert.ok(client.capabilities.has('IDLE'), 'IDLE capability');
		assert.ok(client.capabilities.has('CONDSTORE'), 'CONDSTORE capability');
		const mailbox = await client.mailboxOpen('INBOX');
		const before = mailbox.exists;
		let sent = 0;
		const seen = new Promise<{ count: number; ms: number }>((resolve) => {
			client.on('exists', (data) => resolve({ count: data.count, ms: Date.now() - sent }));
		});
		const idling = client.idle().catch(() => undefined);
		await new Promise((r) => setTimeout(r, 100)); // let IDLE start
		sent = Date.now();
		await submitRaw(server, alice, [service.address], message(alice.address, service.address, uniqueSubject('idle')));
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<null>((r) => { timer = setTimeout(() => r(null), 2000 - (Date.now() - sent)); });
		const result = await Promise.race([seen, timeout]);
		clearTimeout(timer);
		assert.ok(result, 'no EXISTS within 2 s of the submission');
		assert.is(result.count, before + 1);
		console.log(`  IDLE saw the new message ${result.ms} ms after submission started`);
		void idling;
	} finally {
		await client.logout().catch(() => client.close());
	}
});

test('appendRaw puts a message into an INBOX', async () => {
	const subject = uniqueSubject('appended');
	await appendRaw(server, alice, message(service.address, alice.address, subject));
	const mail = await waitForMail(server, alice, (m) => m.subject === subject, 3000);
	assert.is(mail.subject, subject);
	assert.equal(authResults(mail.raw), [], 'APPEND adds no stamp');
});

test('waitForMail times out with a clear error listing the subjects', async () => {
	const subject = uniqueSubject('present');
	await appendRaw(server, alice, message(service.address, alice.address, subject));
	const t0 = Date.now();
	await rejects(waitForMail(server, alice, () => false, 700), /no matching mail.*alice@users\.test.*present #/s, 'timeout');
	const took = Date.now() - t0;
	assert.ok(took >= 700 && took < 3000, `timeout honoured (${took} ms)`);
});

test('restartImap() keeps the mail and the port', async () => {
	const subject = uniqueSubject('before restart');
	await submitRaw(server, alice, [service.address], message(alice.address, service.address, subject));
	const before = await waitForMail(server, service, (m) => m.subject === subject);
	const port = server.imapPort;
	const oldPids = listServerProcesses(server);
	const t0 = Date.now();
	await server.restartImap();
	console.log(`  restartImap took ${Date.now() - t0} ms`);
	assert.is(server.imapPort, port);
	assert.ok(await isPortOpen(port), 'IMAP back on the same port');
	assert.ok(oldPids.some((pid) => !isAlive(pid)), 'Dovecot processes were really replaced');
	const after = await waitForMail(server, service, (m) => m.subject === subject, 3000);
	assert.is(after.uid, before.uid);
	assert.is(after.raw, before.raw);
	const subject2 = uniqueSubject('after restart');
	await submitRaw(server, alice, [service.address], message(alice.address, service.address, subject2));
	await waitForMail(server, service, (m) => m.subject === subject2);
});

test('stopSmtp() refuses submissions, startSmtp() brings them back on the same port', async () => {
	const port = server.smtpPort;
	await server.stopSmtp();
	assert.not.ok(await isPortOpen(port), 'SMTP port closed while stopped');
	await rejects(
		submitRaw(server, alice, [service.address], message(alice.address, service.address, 'while down')),
		/ECONNREFUSED|connect/i,
		'submit while SMTP is down',
	);
	await server.startSmtp();
	assert.is(server.smtpPort, port);
	assert.ok(await isPortOpen(port), 'SMTP port open again');
	const subject = uniqueSubject('after smtp restart');
	await submitRaw(server, alice, [service.address], message(alice.address, service.address, subject));
	const mail = await waitForMail(server, service, (m) => m.subject === subject);
	assert.match(authResults(mail.raw)[0] ?? '', /auth=pass smtp\.auth=alice@users\.test/);
});

test('a second server at the same time shares no port, path or mail', async () => {
	const other = await startMailServer({ accounts: [service], authservId: 'mx19' });
	try {
		const ports = [server.smtpPort, server.imapPort];
		assert.not.ok(ports.includes(other.smtpPort) || ports.includes(other.imapPort), 'distinct ports');
		assert.is.not(other.dir, server.dir);
		assert.is(other.authservId, 'mx19');
		const subject = uniqueSubject('other server');
		await submitRaw(other, service, [service.address], message(service.address, service.address, subject));
		const mail = await waitForMail(other, service, (m) => m.subject === subject);
		assert.match(authResults(mail.raw)[0] ?? '', /^mx19; auth=pass smtp\.auth=service@taskping\.test;/);
		await rejects(waitForMail(server, service, (m) => m.subject === subject, 500), /no matching mail/, 'mail stays on its server');
	} finally {
		const pids = listServerProcesses(other);
		await other.stop();
		assert.ok(pids.length > 0);
		assert.equal(pids.filter(isAlive), [], 'second server left processes');
	}
});

test('stop() leaves no process, port or file behind', async () => {
	const pids = listServerProcesses(server);
	assert.ok(pids.length >= 4, `expected running processes, got ${pids.length}`);
	const t0 = Date.now();
	await server.stop();
	const stopMs = Date.now() - t0;
	console.log(`  mail server stopped in ${stopMs} ms`);
	assert.equal(pids.filter(isAlive), [], 'processes still alive after stop()');
	assert.equal(listServerProcesses(server), []);
	assert.not.ok(await isPortOpen(server.smtpPort), 'SMTP port closed');
	assert.not.ok(await isPortOpen(server.imapPort), 'IMAP port closed');
	assert.not.ok(existsSync(server.dir), 'temp dir removed');
	assert.ok(stopMs < 5000, `stop took ${stopMs} ms`);
});

test.run();
