// Runs every fixture under test/fixtures/replies through mailparser and
// extractReply, comparing with name.expected.txt ("NO COMMAND" = null).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { test } from 'uvu';
import { extractReply } from '../../src/reply/extract.js';

const root = fileURLToPath(new URL('../../../test/fixtures/replies/', import.meta.url));
const names = readdirSync(root).filter((f) => f.endsWith('.eml')).map((f) => f.slice(0, -4)).sort();

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

test('the corpus has at least 40 fixtures', () => {
	if (names.length < 40) throw new Error(`only ${names.length} fixtures`);
});

for (const name of names) {
	test(`fixture ${name}`, async () => {
		const raw = readFileSync(join(root, `${name}.eml`));
		const expectedRaw = readFileSync(join(root, `${name}.expected.txt`), 'utf8').replace(/\r\n/g, '\n').replace(/\n$/, '');
		const mail = await simpleParser(raw);
		const result = extractReply(mail);
		const expected = expectedRaw.trim() === 'NO COMMAND' ? null : expectedRaw;
		if (result.text === expected) return;
		const detail = expected === null || result.text === null
			? `expected ${JSON.stringify(expected)}\n   got ${JSON.stringify(result.text)}`
			: showDiff(expected, result.text);
		throw new Error(`${name} (reasons: ${result.reasons.join(', ')})\n${detail}`);
	});
}

test.run();
