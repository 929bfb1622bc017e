// The contract of a reply-fixture folder, shared by extract.test.ts and blind.test.ts:
// name.eml + name.expected.txt, the text extractReply must return ("NO COMMAND" = null).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { extractReply } from '../../src/reply/extract.js';

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
