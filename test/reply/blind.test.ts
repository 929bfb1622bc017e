// Second opinion on the extractor: fixtures under test/fixtures/replies-blind were written
// from the clients' real reply formats without looking at src/reply or the first corpus.
// Same contract as extract.test.ts: name.eml + name.expected.txt ("NO COMMAND" = null).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { test } from 'uvu';
import { extractReply } from '../../src/reply/extract.js';

const root = fileURLToPath(new URL('../../../test/fixtures/replies-blind/', import.meta.url));
const names = readdirSync(root).filter((f) => f.endsWith('.eml')).map((f) => f.slice(0, -4)).sort();

/**
 * Fixtures known to fail, reported but not failing the suite. Each entry needs a reason;
 * the goal is an empty set.
 */
const KNOWN = new Map<string, string>([]);

/** A line-by-line diff that shows whitespace, for reading a failure at a glance. */
function showDiff(expected: string, actual: string): string {
	const a = expected.split('\n');
	const b = actual.split('\n');
	const out: string[] = [];
	for (let i = 0; i < Math.max(a.length, b.length); i++) {
		const x = a[i];
		const y = b[i];
		if (x === y) out.push(`  ${JSON.stringify(x)}`);
		else {
			if (x !== undefined) out.push(`- ${JSON.stringify(x)}`);
			if (y !== undefined) out.push(`+ ${JSON.stringify(y)}`);
		}
	}
	return out.join('\n');
}

/** null when the fixture passes, else a readable reason. */
async function check(name: string): Promise<string | null> {
	const raw = readFileSync(join(root, `${name}.eml`));
	const expectedRaw = readFileSync(join(root, `${name}.expected.txt`), 'utf8').replace(/\r\n/g, '\n').replace(/\n$/, '');
	const result = extractReply(await simpleParser(raw));
	const expected = expectedRaw.trim() === 'NO COMMAND' ? null : expectedRaw;
	if (result.text === expected) return null;
	const detail = expected === null || result.text === null
		? `expected ${JSON.stringify(expected)}\n   got ${JSON.stringify(result.text)}`
		: showDiff(expected, result.text);
	return `${name} (reasons: ${result.reasons.join(', ')})\n${detail}`;
}

test('the blind corpus has at least 30 fixtures', () => {
	if (names.length < 30) throw new Error(`only ${names.length} fixtures`);
});

test('KNOWN lists only fixtures that exist', () => {
	for (const name of KNOWN.keys()) if (!names.includes(name)) throw new Error(`KNOWN names a missing fixture: ${name}`);
});

let passed = 0;
for (const name of names) {
	test(`blind ${name}`, async () => {
		const failure = await check(name);
		if (failure === null) {
			passed++;
			if (KNOWN.has(name)) throw new Error(`${name} passes now: remove it from KNOWN`);
			return;
		}
		if (KNOWN.has(name)) {
			console.log(`  known failure (${KNOWN.get(name)}): ${failure}`);
			return;
		}
		throw new Error(failure);
	});
}

test('blind pass rate', () => {
	console.log(`  blind corpus: ${passed}/${names.length} pass exactly`);
});

test.run();
