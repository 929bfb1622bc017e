// Fuzz: random and mutated mails through the watcher's parser and decision
// (mailparser, extraction, sender check, hidden-text check, sanitiser,
// policy). Bounded in cases, time per mail, total time and heap; seeded, so a
// failure prints the seed and case that reproduce it (FUZZ_SEED=…, FUZZ_CASES=…).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SessionRecord } from '../../src/session/store.js';
import { decideReply } from '../../src/verify/decide.js';
import { parseMail } from '../../src/watch/handle.js';
import { buildMail, CORPUS, stampFor, type Fill } from '../fixtures/hostile/corpus.js';
import { makeRandom, mutateOnce, randomMail } from './mutate.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
const CASES = Number(process.env.FUZZ_CASES ?? 1200);
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 45_000);
const PER_MAIL_MS = 10_000;
const HEAP_LIMIT = 1.5 * 1024 ** 3;
const TOKEN = 'ABCDEFGHJKMNP';

const session = (token: string): SessionRecord => ({
	token, tmux: { socket: '/tmp/none', pane: '%1' }, claudeSessionId: 's', claudeConfigDir: null, cwd: '/work/proj', transcriptPath: '',
	createdAt: new Date().toISOString(), refreshedAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 3600_000).toISOString(), recipients: [], messageIds: [],
});

const CONTEXT = {
	config: { allowedSenders: ['alice@users.test', 'a@b.c'], maxReplyLength: 4000, authservId: 'mx.taskping.test' },
	// Every token is "live": mutated mails reach the text checks instead of stopping at the token.
	findSession: (token: string) => session(token),
	isProcessed: () => false,
	now: new Date(),
};

const fixtures = (name: string) => new URL(`../../../test/fixtures/${name}/`, import.meta.url);
const emlFiles = (dir: URL) => readdirSync(dir).filter((n) => n.endsWith('.eml'));

/**
 * Good replies from the real-client corpora, sent as the whitelisted alice
 * (From rewritten, her server's stamp on top): mail that must be accepted,
 * so mutations of it probe the invariants of what gets typed. Mails whose
 * expected result is NO COMMAND (auto-replies, bare forwards) are left out.
 */
function goodReplies(): string[] {
	return ['replies', 'replies-blind'].flatMap((name) => {
		const dir = fixtures(name);
		return emlFiles(dir)
			.filter((file) => {
				try {
					return readFileSync(new URL(file.replace(/\.eml$/, '.expected.txt'), dir), 'utf8').trim() !== 'NO COMMAND';
				} catch {
					return false; // no expectation written: not known to be good
				}
			})
			.map((file) => stampFor('alice') + readFileSync(new URL(file, dir)).toString('latin1').replace(/^From:[^\r\n]*(\r?\n[ \t][^\r\n]*)*/im, 'From: Alice <alice@users.test>'));
	});
}

function seeds(): string[] {
	const files = ['replies', 'hostile'].flatMap((name) => emlFiles(fixtures(name)).map((n) => readFileSync(new URL(n, fixtures(name))).toString('latin1')));
	const fill: Fill = { token: TOKEN, notifyId: `<taskping.${TOKEN}.1@x>`, expired: TOKEN, other: 'ZZZZZZZZZZZZZ', mark: () => '/nonexistent/PWNED', messageId: (n) => `<${n}@users.test>` };
	// The corpus minus its two biggest monsters (kept for the dedicated e2e and corpus tests).
	const corpus = CORPUS.filter((e) => !/5mb|header-bomb/.test(e.name)).map((e) => stampFor('alice') + buildMail(e, fill).toString('latin1'));
	return [...goodReplies(), ...files.map((f) => stampFor('alice') + f), ...corpus];
}

/** What may be typed, whatever the mail: the invariants of an accepted decision. */
let accepted = 0;
let parseErrors = 0;

function checkInvariants(decision: ReturnType<typeof decideReply>): void {
	if (decision.accepted) accepted++;
	if (!decision.accepted) {
		assert.ok(decision.reasons.length > 0, 'a refusal always has a reason');
		return;
	}
	const text = decision.text ?? '';
	assert.ok(text.trim().length > 0, 'something to type');
	assert.ok(decision.token !== null && decision.session?.token === decision.token, 'a live token names the session');
	assert.not.ok(decision.automated, 'never automated mail');
	assert.ok(decision.sender.authenticated, 'accepted only from an authenticated sender');
	assert.ok(CONTEXT.config.allowedSenders.includes(decision.from ?? ''), 'accepted only from the whitelist');
	assert.not.match(text, /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u{e0000}-\u{e007f}]/u, 'no control, bidi or tag characters');
	assert.not.match(text.trim().slice(0, 1), /[!/！／]/, 'no shell or slash prefix');
	assert.ok([...text].length <= CONTEXT.config.maxReplyLength, 'within the length limit');
}

async function decideWithin(raw: string, label: string): Promise<{ ms: number; accepted: boolean }> {
	const started = Date.now();
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${label}: no verdict within ${PER_MAIL_MS} ms`)), PER_MAIL_MS)));
	try {
		const mail = await Promise.race([parseMail(Buffer.from(raw, 'latin1')), timeout]);
		const decision = mail && decideReply(mail, { ...CONTEXT, raw });
		if (decision) checkInvariants(decision);
		else parseErrors++;
		return { ms: Date.now() - started, accepted: Boolean(decision?.accepted) };
	} finally {
		clearTimeout(timer);
	}
}

test(`${CASES} random and mutated mails: no crash, no hang, invariants hold (seed ${SEED})`, async () => {
	const random = makeRandom(SEED);
	const pool = seeds();
	const good = goodReplies();
	const started = Date.now();
	let slowest = 0;
	let done = 0;
	const acceptedBefore = accepted;
	for (; done < CASES && Date.now() - started < BUDGET_MS; done++) {
		const kind = random();
		const rounds = 1 + Math.floor(random() * 6);
		let raw: string;
		if (kind < 0.35) {
			// A good reply with only its body mutated: the headers still pass, so the text checks decide and accepted mail is probed.
			const seed = good[Math.floor(random() * good.length)]!;
			const split = seed.search(/\r?\n\r?\n/);
			let body = seed.slice(split);
			for (let i = 0; i < rounds; i++) body = mutateOnce(body, random);
			raw = seed.slice(0, split) + body;
		} else {
			raw = kind < 0.5 ? randomMail(random) : pool[Math.floor(random() * pool.length)]!;
			for (let i = 0; i < rounds; i++) raw = mutateOnce(raw, random);
		}
		const label = `case ${done} (FUZZ_SEED=${SEED})`;
		try {
			slowest = Math.max(slowest, (await decideWithin(raw, label)).ms);
		} catch (error) {
			const file = join(tmpdir(), `taskping-fuzz-${SEED}-${done}.eml`);
			writeFileSync(file, raw, 'latin1');
			throw new Error(`${label} failed, mail saved to ${file}: ${(error as Error).message}`);
		}
		if (done % 100 === 0) assert.ok(process.memoryUsage().heapUsed < HEAP_LIMIT, `heap ${process.memoryUsage().heapUsed} bytes after ${done} cases`);
	}
	console.log(`\n  fuzz: ${done} mails in ${Date.now() - started} ms, slowest ${slowest} ms, ${accepted} accepted (invariants checked), ${parseErrors} unparsable, heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB`);
	assert.ok(done >= Math.min(CASES, 300), `only ${done} cases ran within the budget`);
	// Mutations break most mails; enough must still be accepted that the invariants above were really tried.
	const share = (accepted - acceptedBefore) / done;
	assert.ok(share >= 0.08, `only ${accepted - acceptedBefore} of ${done} mutated mails accepted: the invariants for accepted mail were hardly exercised`);
});

test('every seed mail as is: invariants hold, and the good replies (as the whitelisted sender) are accepted', async () => {
	for (const [i, raw] of seeds().entries()) await decideWithin(raw, `seed ${i}`);
	const good = goodReplies();
	let taken = 0;
	for (const [i, raw] of good.entries()) if ((await decideWithin(raw, `good reply ${i}`)).accepted) taken++;
	assert.ok(good.length >= 40, `only ${good.length} good replies found in the corpora`);
	assert.ok(taken >= good.length * 0.9, `only ${taken} of ${good.length} good replies accepted`);
});

test.run();
