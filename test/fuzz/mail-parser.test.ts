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
import { decideReply } from '../../src/watch/decide.js';
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

function seeds(): string[] {
	const dirs = ['replies', 'hostile'].map((name) => new URL(`../../../test/fixtures/${name}/`, import.meta.url));
	const files = dirs.flatMap((dir) => readdirSync(dir).filter((n) => n.endsWith('.eml')).map((n) => readFileSync(new URL(n, dir)).toString('latin1')));
	const fill: Fill = { token: TOKEN, notifyId: `<taskping.${TOKEN}.1@x>`, expired: TOKEN, other: 'ZZZZZZZZZZZZZ', mark: () => '/nonexistent/PWNED', messageId: (n) => `<${n}@users.test>` };
	// The corpus minus its two biggest monsters (kept for the dedicated e2e and corpus tests).
	const corpus = CORPUS.filter((e) => !/5mb|header-bomb/.test(e.name)).map((e) => stampFor('alice') + buildMail(e, fill).toString('latin1'));
	return [...files.map((f) => stampFor('alice') + f), ...corpus];
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
	assert.ok(decision.sender.authenticated, 'accepted only from an authenticated sender');
	assert.ok(CONTEXT.config.allowedSenders.includes(decision.from ?? ''), 'accepted only from the whitelist');
	assert.not.match(text, /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u{e0000}-\u{e007f}]/u, 'no control, bidi or tag characters');
	assert.not.match(text.trim().slice(0, 1), /[!/！／]/, 'no shell or slash prefix');
	assert.ok([...text].length <= CONTEXT.config.maxReplyLength, 'within the length limit');
}

async function decideWithin(raw: string, label: string) {
	const started = Date.now();
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${label}: no verdict within ${PER_MAIL_MS} ms`)), PER_MAIL_MS)));
	try {
		const mail = await Promise.race([parseMail(Buffer.from(raw, 'latin1')), timeout]);
		if (mail) checkInvariants(decideReply(mail, { ...CONTEXT, raw }));
		else parseErrors++;
	} finally {
		clearTimeout(timer);
	}
	return Date.now() - started;
}

test(`${CASES} random and mutated mails: no crash, no hang, invariants hold (seed ${SEED})`, async () => {
	const random = makeRandom(SEED);
	const pool = seeds();
	const started = Date.now();
	let slowest = 0;
	let done = 0;
	for (; done < CASES && Date.now() - started < BUDGET_MS; done++) {
		let raw = random() < 0.15 ? randomMail(random) : pool[Math.floor(random() * pool.length)]!;
		const rounds = 1 + Math.floor(random() * 6);
		for (let i = 0; i < rounds; i++) raw = mutateOnce(raw, random);
		const label = `case ${done} (FUZZ_SEED=${SEED})`;
		try {
			slowest = Math.max(slowest, await decideWithin(raw, label));
		} catch (error) {
			const file = join(tmpdir(), `taskping-fuzz-${SEED}-${done}.eml`);
			writeFileSync(file, raw, 'latin1');
			throw new Error(`${label} failed, mail saved to ${file}: ${(error as Error).message}`);
		}
		if (done % 100 === 0) assert.ok(process.memoryUsage().heapUsed < HEAP_LIMIT, `heap ${process.memoryUsage().heapUsed} bytes after ${done} cases`);
	}
	console.log(`\n  fuzz: ${done} mails in ${Date.now() - started} ms, slowest ${slowest} ms, ${accepted} accepted (invariants checked), ${parseErrors} unparsable, heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB`);
	assert.ok(done >= Math.min(CASES, 300), `only ${done} cases ran within the budget`);
});

test('every seed mail as is: invariants hold', async () => {
	for (const [i, raw] of seeds().entries()) await decideWithin(raw, `seed ${i}`);
});

test.run();
