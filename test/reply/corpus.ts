// The contract of a reply-fixture folder, shared by extract.test.ts and blind.test.ts:
// name.eml + name.expected.txt, the text extractReply must return ("NO COMMAND" = null).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { extractReply } from '../../src/reply/extract.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

/** The fixture folder under test/fixtures and its fixture names (without .eml), sorted. */
export function listFixtures(folder: string): { root: string; names: string[] } {
	const root = fileURLToPath(new URL(`../../../test/fixtures/${folder}/`, import.meta.url));
	return { root, names: readdirSync(root).filter((f) => f.endsWith('.eml')).map((f) => f.slice(0, -4)).sort() };
}

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

/** null when the fixture passes, else a readable reason with the diff. */
export async function checkFixture(root: string, name: string): Promise<string | null> {
	const raw = readFileSync(join(root, `${name}.eml`));
	const expectedRaw = readFileSync(join(root, `${name}.expected.txt`), 'utf8').replace(/\r\n/g, '\n').replace(/\n$/, '');
	const result = extractReply(await simpleParser(raw));
	const expected = expectedRaw.trim() === 'NO COMMAND' ? null : expectedRaw;
	if (result.text === expected) return null;
	const detail = expected === null || result.text === null ? `expected ${JSON.stringify(expected)}\n   got ${JSON.stringify(result.text)}` : showDiff(expected, result.text);
	return `${name} (reasons: ${result.reasons.join(', ')})\n${detail}`;
}

/**
 * Registers the tests of one fixture corpus (blind.test.ts, locale.test.ts): at least `min`
 * fixtures, each extracted exactly, `known` failures excused with a reason (the goal is an empty
 * map), and the pass rate asserted, not only logged.
 */
export function registerCorpus(folder: string, label: string, known: ReadonlyMap<string, string>, min = 30): void {
	const { root, names } = listFixtures(folder);
	test(`the ${label} corpus has at least ${min} fixtures`, () => {
		if (names.length < min) throw new Error(`only ${names.length} fixtures`);
	});
	test('KNOWN lists only fixtures that exist', () => {
		for (const name of known.keys()) if (!names.includes(name)) throw new Error(`KNOWN names a missing fixture: ${name}`);
	});
	let passed = 0;
	for (const name of names) {
		test(`${label} ${name}`, async () => {
			const failure = await checkFixture(root, name);
			if (failure === null) {
				passed++;
				if (known.has(name)) throw new Error(`${name} passes now: remove it from KNOWN`);
				return;
			}
			if (known.has(name)) {
				console.log(`  known failure (${known.get(name)}): ${failure}`);
				return;
			}
			throw new Error(failure);
		});
	}
	test(`${label} pass rate`, () => {
		console.log(`  ${label} corpus: ${passed}/${names.length} pass exactly`);
		// Asserted, not only logged: every fixture not excused in KNOWN was run and passed (none skipped or lost).
		assert.is(passed, names.length - known.size, `${passed}/${names.length} pass exactly; ${known.size} known failure(s)`);
		assert.ok(passed / names.length >= 0.9, `pass rate ${passed}/${names.length} is below 90%`);
	});
}
