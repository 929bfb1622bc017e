// Issue 11's hostile classes, one construct per mail (test/fixtures/hostile-reader, written
// blind from the issue; README.md and outcomes.tsv there give each file's class and the
// outcome), through both decision stages on the real parse: each must be refused for its
// class's reason, or, where the table allows it, typed exactly as expected.txt says.
// benign/ holds ordinary client mails with colours and fonts: they must be typed.
// The end-to-end hostile suite sends a sample of each class through the real parts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { saveSession } from '../../src/session/store.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMail } from '../../src/watch/handle.js';
import { decideReply, type DecideSettings } from '../../src/verify/decide.js';
import { loadSession } from '../../src/session/store.js';

const DIR = new URL('../../../test/fixtures/hostile-reader/', import.meta.url);
const TOKEN = 'K7Q2XM9PA4B3C';
const sessions = mkdtempSync(join(tmpdir(), 'tp-reader-'));
const now = new Date('2025-01-06T10:00:00Z');
saveSession(sessions, {
	token: TOKEN, tmux: { socket: '/tmp/none', pane: '%1' }, claudeSessionId: 's', claudeConfigDir: null, cwd: '/work/proj', transcriptPath: '',
	createdAt: now.toISOString(), refreshedAt: now.toISOString(), expiresAt: new Date(now.getTime() + 365 * 86400_000 * 5).toISOString(), recipients: ['maya.chen@gmail.com'], messageIds: [],
});
const config: DecideSettings = { allowedSenders: ['maya.chen@gmail.com'], maxReplyLength: 4000, authservId: 'mx.taskping.test', emailFrom: 'TaskPing <taskping@notify.devbox.example.net>' };

/** The reason codes that fit each family named in outcomes.tsv. */
export const FAMILY: Record<string, string[]> = {
	// Text drawn too small to read is hidden text too (text-size.ts computes it along the ancestors).
	'hidden-text': ['hidden-text', 'html-unsupported', 'tiny-text'],
	'plain-html-mismatch': ['hidden-text', 'html-unsupported', 'several-alternatives'],
	'several-alternatives': ['several-alternatives'],
	'unsupported-alternative': ['several-alternatives'],
	'quote-markup-in-text': ['hidden-text', 'html-unsupported'],
	'duplicate-mime-parameter': ['duplicate-mime-parameter'],
	nul: ['nul-byte', 'terminal-control'],
	'bidi-control': ['bidi-control'],
	'variation-selector': ['variation-selector'],
	'ambiguous-charset': ['unknown-charset'],
	'unknown-charset': ['unknown-charset'],
	'not-addressed-to-service': ['not-addressed-to-service'],
	'quote-not-ours': ['hidden-text', 'html-unsupported', 'empty'],
};

/** Files whose table entry TaskPing answers differently, each with the reason; the goal is none. */
const WHATWG = 'judged wrong: the payload is not rendered in the tree a WHATWG parser builds, so it is neither shown nor typed; TaskPing types exactly the displayed text, which is the promise';
const KNOWN = new Map<string, string>([
	['h03-unterminated-attribute-quote', `${WHATWG} (it is an attribute value)`],
	['h05-comment-sgml-style-end', `${WHATWG} (it is inside a comment)`],
	['h06-bogus-endtag-comment', `${WHATWG} (it is inside a bogus comment)`],
	['b11-gmail-bold-asterisks-in-plain', "judged wrong: the plain part is typed as written, so Gmail's *bold* markers stay (the contract of test/fixtures/replies)"],
]);

/** Words in order, for "typed in full": the displayed column joins lines with " / ". */
const words = (text: string) => text.replace(/ \/ /g, ' ').toLowerCase().split(/[^\p{L}\p{N}']+/u).filter(Boolean).join(' ');

export interface Row { file: string; klass: string; displayed: string; outcome: string }
export function readOutcomes(): Row[] {
	return readFileSync(new URL('outcomes.tsv', DIR), 'utf8').trim().split('\n').slice(1).map((line) => {
		const [file, klass, displayed, , outcome] = line.split('\t');
		return { file: file!, klass: klass!, displayed: displayed!, outcome: outcome! };
	});
}

async function decide(path: URL) {
	const raw = readFileSync(path);
	const mail = await parseMail(raw);
	assert.ok(mail, 'parsed');
	return decideReply(mail!, { config, findSession: (token) => loadSession(sessions, token), isProcessed: () => false, now, raw });
}

const counts = new Map<string, number>();
for (const row of readOutcomes()) {
	const klass = row.klass.split(' ')[0]!;
	counts.set(klass, (counts.get(klass) ?? 0) + 1);
	test(`${row.file} (${row.klass})`, async () => {
		const decision = await decide(new URL(`${row.file}.eml`, DIR));
		const expectedFile = new URL(`${row.file}.expected.txt`, DIR);
		const expected = existsSync(expectedFile) ? readFileSync(expectedFile, 'utf8').replace(/\r\n/g, '\n').replace(/\n$/, '') : null;
		const families = [...row.outcome.matchAll(/refused: ([a-z-]+)/g)].map((m) => m[1]!);
		const allowed = families.flatMap((family) => FAMILY[family] ?? [family]);
		// "typed in full", "never X alone": typing everything the person saw is right too.
		const inFull = /typed in full|never /.test(row.outcome) && words(decision.text ?? '') === words(row.displayed);
		const typedOk = (expected !== null && /typed/.test(row.outcome) && decision.text === expected) || inFull;
		const problem = decision.accepted
			? typedOk ? null : `accepted and would type ${JSON.stringify(decision.text)}`
			: allowed.some((code) => decision.reasons.includes(code)) || (families.length === 0 && /refused/.test(row.outcome)) ? null : `refused for ${decision.reasons.join(', ')} (${decision.details.join('; ')}), expected ${allowed.join(' or ') || 'typed'}`;
		if (problem && KNOWN.has(row.file)) return console.log(`  known (${KNOWN.get(row.file)}): ${row.file}: ${problem}`);
		if (!problem && KNOWN.has(row.file)) throw new Error(`${row.file} passes now: remove it from KNOWN`);
		if (problem) throw new Error(problem);
		if (decision.accepted) assert.not.match(decision.text ?? '', /PWNED/);
	});
}

for (const name of readdirSync(new URL('benign/', DIR)).filter((n) => n.endsWith('.eml'))) {
	test(`benign ${name}: typed as the person wrote it`, async () => {
		const decision = await decide(new URL(`benign/${name}`, DIR));
		const expected = readFileSync(new URL(`benign/${name.replace(/\.eml$/, '.expected.txt')}`, DIR), 'utf8').replace(/\r\n/g, '\n').replace(/\n$/, '');
		assert.equal(decision.reasons, [], `${decision.reasons.join(', ')}: ${decision.details.join('; ')}`);
		const known = KNOWN.get(name.replace(/\.eml$/, ''));
		if (known && decision.text !== expected) return console.log(`  known (${known}): ${name}`);
		assert.is(decision.text, expected);
	});
}

test('every class of issue 11 has fixtures', () => {
	console.log(`  hostile-reader fixtures per class: ${[...counts].map(([k, n]) => `${k}: ${n}`).join(', ')}`);
	for (const klass of ['1', '2', '3', '4', '5', '6']) assert.ok((counts.get(klass) ?? 0) >= 3, `class ${klass}`);
});

test.run();
