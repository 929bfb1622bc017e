// One table of refusal reasons: every code the watcher can give has an English and a
// Chinese sentence (the type checks both exist; this checks every code used in src/ is in it).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { describeReason, isReasonCode, REASONS } from '../../src/mail/reasons.js';

const SRC = fileURLToPath(new URL('../../../src/', import.meta.url));
const files = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : name.endsWith('.ts') ? [join(dir, name)] : []));

test('every reason code pushed outside the extractor is in the table', () => {
	const missing = new Set<string>();
	for (const file of files(SRC).filter((f) => !f.includes('/reply/'))) {
		const text = readFileSync(file, 'utf8');
		for (const match of text.matchAll(/reasons\.push\(\s*'([a-z0-9-]+)'|reasons: \['([a-z0-9-]+)'|reason: '([a-z0-9-]+)'/g)) {
			const code = match[1] ?? match[2] ?? match[3]!;
			if (!isReasonCode(code)) missing.add(`${code} (${file.slice(SRC.length)})`);
		}
	}
	assert.equal([...missing], []);
});

test('both languages, non-empty, no code leaks as its own sentence', () => {
	for (const [code, sentences] of Object.entries(REASONS)) {
		assert.ok(sentences.en.length > 10 && sentences.zh.length > 3, code);
		assert.is.not(describeReason(code, 'zh'), describeReason(code, 'en'));
	}
	assert.match(describeReason('duplicate-header:subject', 'zh'), /subject/);
	assert.match(describeReason('automated:auto-submitted'), /automatic/);
});

test('extraction diagnostics are not reasons', () => {
	for (const code of ['body:text', 'quote', 'history:marker', 'body:html']) assert.not.ok(isReasonCode(code), code);
});

test.run();
