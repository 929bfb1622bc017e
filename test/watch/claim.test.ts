/**
 * The claim on the real server (Dovecot, CONDSTORE): two watchers racing for
 * the same messages each get a disjoint share, every message exactly once;
 * an earlier claim of our own still counts as ours; someone else's does not.
 */
import { ImapFlow } from 'imapflow';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { appendRaw, startMailServer, type MailAccount, type MailServer } from '../harness/mail-server.js';
import { claimKeyword, claimMessage } from '../../src/watch/claim.js';
import { guardSetup } from '../harness/setup-guard.js';

const service: MailAccount = { address: 'service@taskping.test', password: 'svc-pass-claim' };
const claims = suite<{ mail: MailServer; clients: ImapFlow[] }>('claim');

function client(mail: MailServer): ImapFlow {
	const c = new ImapFlow({ host: mail.host, port: mail.imapPort, secure: false, doSTARTTLS: false, auth: { user: service.address, pass: service.password }, logger: false, disableAutoIdle: true });
	c.on('error', () => undefined);
	return c;
}

const raw = (n: number) => `From: alice@users.test\r\nTo: ${service.address}\r\nSubject: reply ${n}\r\nMessage-ID: <claim-${n}@users.test>\r\n\r\nbody ${n}\r\n`;

claims.before(guardSetup('claim', async (context) => {
	context.mail = await startMailServer({ accounts: [service] });
	for (let n = 1; n <= 20; n++) await appendRaw(context.mail, service, raw(n));
	context.clients = [client(context.mail), client(context.mail)];
	for (const c of context.clients) {
		await c.connect();
		await c.mailboxOpen('INBOX');
	}
}));

claims.after(async (context) => {
	for (const c of context.clients ?? []) await c.logout().catch(() => c.close());
	await context.mail?.stop();
});

claims('the server offers what the claim needs: CONDSTORE and keywords', ({ clients }) => {
	assert.ok(clients[0]!.enabled.has('CONDSTORE'));
	assert.ok(clients[0]!.mailbox && clients[0]!.mailbox.permanentFlags?.has('\\*'));
});

claims('two watchers racing for 20 messages: each message is claimed by exactly one', async ({ clients }) => {
	const [one, two] = clients as [ImapFlow, ImapFlow];
	const uids = (await one.search({ all: true }, { uid: true })) || [];
	assert.is(uids.length, 20);
	// Opposite orders as well as the same one, so stores really collide.
	const results = await Promise.all(uids.map(async (uid) => {
		const [a, b] = await Promise.all([claimMessage(one, uid, claimKeyword('aaaaaaaaaaaa')), claimMessage(two, uid, claimKeyword('bbbbbbbbbbbb'))]);
		return { uid, a, b };
	}));
	for (const { uid, a, b } of results) assert.ok((a === 'mine') !== (b === 'mine'), `uid ${uid}: ${a} / ${b}`);
	// The keyword on the server agrees with who was told "mine".
	for (const { uid, a } of results) {
		const message = await one.fetchOne(String(uid), { uid: true, flags: true }, { uid: true });
		const held = [...((message && message.flags) || [])].filter((f) => f.toLowerCase().startsWith('$taskping_'));
		assert.equal(held.map((f) => f.toLowerCase()), [a === 'mine' ? '$taskping_aaaaaaaaaaaa' : '$taskping_bbbbbbbbbbbb']);
	}
});

claims('a claim of our own from before a restart is still ours; a later claimant never wins, whatever its name', async ({ clients }) => {
	const [one, two] = clients as [ImapFlow, ImapFlow];
	const uids = (await one.search({ all: true }, { uid: true })) || [];
	const uid = uids[0]!;
	const first = await claimMessage(one, uid, claimKeyword('aaaaaaaaaaaa'));
	const owner = first === 'mine' ? 'aaaaaaaaaaaa' : 'bbbbbbbbbbbb';
	assert.is(await claimMessage(first === 'mine' ? one : two, uid, claimKeyword(owner)), 'mine');
	assert.is(await claimMessage(two, uid, claimKeyword('000000000000')), 'theirs');
});

claims.run();
