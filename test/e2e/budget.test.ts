/**
 * Cheap checks first, and the poison-mail rule, on the real parts (Dovecot,
 * Postfix, the `taskping watch` process, real Claude Code in tmux):
 * - a stranger's 1 MB mail, and one forging the user's From with a live
 *   token, are refused from their header block alone: the watcher's outcome
 *   records how many bytes it read, and the body count stays 0, while the
 *   user's own reply is read whole;
 * - the watcher is killed (SIGKILL) while it checks the user's 9 MB mail;
 *   after a restart that mail is refused as too-complex (the user is told),
 *   and the good reply queued behind it is typed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { appendRaw, submitRaw, waitForMail } from '../harness/mail-server.js';
import { HEADER_LIMIT } from '../../src/watch/header-block.js';
import { alice, gmailReply, nextNotification, service, startWatcher, startWorld, waitFor, type Watcher, type World } from './setup.js';

interface Outcome { accepted: boolean; reasons: string[]; from: string | null; uid?: number; headerBytes?: number; bodyBytes?: number }
interface Context { world: World; note: Awaited<ReturnType<typeof nextNotification>>; restarted?: Watcher }

const budget = suite<Context>('cheap checks first, poison mail');
const run = Date.now().toString(36);

const outcomes = (home: string): Outcome[] => {
	try {
		return readFileSync(join(home, 'state', 'outcomes.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
	} catch {
		return [];
	}
};

/** Appends a mail into the service INBOX and returns the outcome the watcher recorded for it. */
async function deliver(world: World, raw: string): Promise<Outcome> {
	const before = outcomes(world.home).length;
	await appendRaw(world.mail, service, raw);
	return waitFor('the outcome', () => outcomes(world.home)[before], 30_000);
}

/** About `bytes` of stray end tags and attribution-like lines: expensive to read, cheap to refuse. */
const hostileBody = (bytes: number): string => `Content-Type: text/html\r\n\r\n<p>yes</p>${'</b></i></div><p>On Mon wrote:</p>'.repeat(Math.ceil(bytes / 35))}\r\n`;

budget.before(async (context) => {
	context.world = await startWorld();
	await context.world.claude.type('hello there');
	context.note = await nextNotification(context.world);
});

budget.after(async (context) => {
	if (process.env.TASKPING_E2E_DEBUG) console.log(context.world?.watcher.output(), context.restarted?.output());
	await context.restarted?.stop();
	await context.world?.stop();
});

budget('a stranger\'s 1 MB mail and a forged From with a live token are refused from the header block; the body is never fetched', async (context) => {
	const { world, note } = context;
	const stranger = await deliver(world, `From: Mallory <mallory@evil.test>\r\nTo: ${service.address}\r\nSubject: hi\r\nMessage-ID: <stranger-${run}@evil.test>\r\nDate: ${new Date().toUTCString()}\r\n${hostileBody(1_000_000)}`);
	assert.ok(stranger.reasons.includes('sender-not-allowed'), stranger.reasons.join(','));
	assert.is(stranger.bodyBytes, 0, 'body bytes read');
	assert.ok((stranger.headerBytes ?? 0) > 0 && (stranger.headerBytes ?? 0) < 1000, `header bytes ${stranger.headerBytes}`);
	// The user's address and a live token, but no Authentication-Results from the trusted server.
	const forged = await deliver(world, `From: Alice <${alice.address}>\r\nTo: ${service.address}\r\nSubject: Re: ${note.subject}\r\nIn-Reply-To: ${note.messageId}\r\nMessage-ID: <forged-${run}@evil.test>\r\nDate: ${new Date().toUTCString()}\r\n${hostileBody(1_000_000)}`);
	assert.ok(forged.reasons.includes('sender-not-authenticated'), forged.reasons.join(','));
	assert.is(forged.bodyBytes, 0, 'body bytes read');
	// A header block past the limit is not even parsed.
	const padded = await deliver(world, `${'X-Pad: a          b\r\n'.repeat(Math.ceil((HEADER_LIMIT * 2) / 22))}From: Mallory <mallory@evil.test>\r\nSubject: hi\r\nMessage-ID: <padded-${run}@evil.test>\r\n\r\nhi\r\n`);
	assert.equal(padded.reasons, ['too-complex']);
	assert.equal([padded.headerBytes, padded.bodyBytes], [HEADER_LIMIT, 0]);
	// The user's own reply with a 2 MB text part: refused from the server's description of its parts, unread, and the user told.
	const authResults = `Authentication-Results: ${world.mail.authservId}; auth=pass smtp.auth=${alice.address}; dkim=pass header.d=users.test; dmarc=pass header.from=users.test`;
	const bigId = `<big-text-${run}@users.test>`;
	const big = await deliver(world, `${authResults}\r\nFrom: Alice <${alice.address}>\r\nTo: ${service.address}\r\nSubject: Re: ${note.subject}\r\nIn-Reply-To: ${note.messageId}\r\nMessage-ID: ${bigId}\r\nDate: ${new Date().toUTCString()}\r\nContent-Type: text/plain\r\n\r\nyes\r\n${'and some more words on this line\r\n'.repeat(60_000)}`);
	assert.equal(big.reasons, ['too-complex']);
	assert.is(big.bodyBytes, 0, 'body bytes read');
	await waitForMail(world.mail, alice, (m) => m.raw.includes(bigId), 20_000);
	// The counter counts: the user's own reply is read whole and typed.
	await world.claude.waitForStatus('idle');
	await submitRaw(world.mail, alice, [service.address], gmailReply({ from: alice, subject: note.subject, inReplyTo: note.messageId, text: 'read me whole', quoted: note.text, messageId: `<whole-${run}@users.test>` }));
	await world.api.waitFor((body) => JSON.stringify(body.messages).includes('read me whole'), 20_000);
	const own = await waitFor('the reply\'s outcome', () => outcomes(world.home).find((o) => o.accepted));
	const read = readFileSync(join(world.home, 'state', 'taskping.log'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).find((e) => e.event === 'mail-read' && e.uid === own.uid);
	assert.ok(read && read.bodyBytes > read.headerBytes, `mail-read: ${JSON.stringify(read)}`);
});

budget('killed while checking a 9 MB mail: after a restart that mail is refused as too-complex (the user is told) and the reply behind it is typed', async (context) => {
	const { world, note } = context;
	await world.claude.waitForStatus('idle');
	const slowId = `<slow-${run}@users.test>`;
	// The server's own stamp, as it adds to mail it authenticated (APPEND gets none).
	const authResults = `Authentication-Results: ${world.mail.authservId}; auth=pass smtp.auth=${alice.address}; dkim=pass header.d=users.test; dmarc=pass header.from=users.test`;
	const stamp = `${authResults}\r\n`;
	// Slow to check, yet within every bound the server's description shows: a short text and a
	// 9 MB attachment (a text part that size is refused unread, see the first test).
	const attachment = Buffer.alloc(6_600_000, 'please keep going with the plan ').toString('base64').replace(/.{76}/g, '$&\r\n');
	const slow = `${stamp}From: Alice <${alice.address}>\r\nTo: ${service.address}\r\nSubject: Re: ${note.subject}\r\nIn-Reply-To: ${note.messageId}\r\nMessage-ID: ${slowId}\r\nDate: ${new Date().toUTCString()}\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b1\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nyes\r\n--b1\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=plan.bin\r\nContent-Transfer-Encoding: base64\r\n\r\n${attachment}\r\n--b1--\r\n`;
	const good = gmailReply({ from: alice, subject: note.subject, inReplyTo: note.messageId, text: 'the reply behind the slow one', quoted: note.text, messageId: `<behind-${run}@users.test>`, extraHeaders: [authResults] });
	const journal = join(world.home, 'state', 'processed.jsonl');
	const checking = () => {
		try {
			return readFileSync(journal, 'utf8').split('\n').filter((l) => l.includes(slowId)).map((l) => JSON.parse(l)[1].state as string);
		} catch {
			return [];
		}
	};
	const appended = appendRaw(world.mail, service, slow).then(() => appendRaw(world.mail, service, good));
	// Condition-based: the moment the watcher has recorded that it is checking the slow mail's body.
	const deadline = Date.now() + 60_000;
	while (!checking().includes('checking')) {
		if (Date.now() > deadline) throw new Error('the watcher never started checking the slow mail');
		await new Promise((resolve) => setTimeout(resolve, 2));
	}
	world.watcher.process.kill('SIGKILL');
	await new Promise((resolve) => world.watcher.process.once('exit', resolve));
	assert.equal(checking(), ['checking'], 'killed before the slow mail was decided (else this run proves nothing)');
	await appended;

	context.restarted = await startWatcher(world.env);
	const refused = await waitFor('the slow mail refused', () => outcomes(world.home).find((o) => o.reasons.includes('too-complex')), 30_000);
	assert.is(refused.bodyBytes, 0, 'the poison mail is not read again');
	await world.api.waitFor((body) => JSON.stringify(body.messages).includes('the reply behind the slow one'), 30_000);
	assert.ok(!world.api.userTexts().some((text) => text.includes('please keep going with the plan')), 'nothing of the slow mail typed');
	// The answer threads under the slow mail (In-Reply-To) and says why, in words.
	const answer = await simpleParser((await waitForMail(world.mail, alice, (m) => m.raw.includes(slowId), 20_000)).raw);
	assert.match(answer.text ?? '', /too large or too complex/);
	assert.ok(checking().at(-1) === 'done', 'recorded as handled');
});

budget.run();
