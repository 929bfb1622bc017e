/**
 * Every import in src/ points down the flow (src/README.md, "Layer rules"): a file imports its
 * own folder and the folders below it, never one above, never a sibling of the same rank.
 * Reads the TypeScript sources as text (static imports, `import type`, re-exports and
 * `import()`), so it needs no dependency and sees what the compiler sees.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SRC = join(ROOT, 'src');

/** Top to bottom; one entry per rank. The same list stands in src/README.md. */
const LAYERS: readonly (readonly string[])[] = [
	['cli.ts', 'cli-app.ts'],
	['commands'],
	['setup'],
	['service', '../install'],
	['hook'],
	['watch'],
	['verify'],
	['reply'],
	['inject'],
	['outbox'],
	['mail'],
	['dialog'],
	['claude'],
	['session'],
	['state'],
	['config'],
	['fs', 'net'],
	['errors.ts', 'sleep.ts'],
];

/** The layer a path under src/ (or ../install) belongs to: its first segment. */
export function layerOf(path: string): { name: string; rank: number } | null {
	const rel = relative(SRC, path).split(sep).join('/');
	const first = rel.startsWith('../install/') ? '../install' : rel.split('/')[0]!;
	const name = first === 'cli-app.ts' ? 'cli.ts' : first; // the entry and its commands table are one layer
	const rank = LAYERS.findIndex((names) => names.includes(name));
	return rank < 0 ? null : { name, rank };
}

/** Whether an import from one layer to another points down (or stays in its folder). */
export function pointsDown(from: { name: string; rank: number }, to: { name: string; rank: number }): boolean {
	return from.name === to.name || to.rank > from.rank;
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)(['"])(\.{1,2}\/[^'"]+)\1/gm;

/** Every relative import of a source file, resolved to the .ts file it names. */
export function importsOf(file: string): string[] {
	const text = readFileSync(file, 'utf8');
	return [...text.matchAll(IMPORT)].map((m) => resolve(dirname(file), m[2]!).replace(/\.js$/, '.ts'));
}

function sources(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sources(path);
		return name.endsWith('.ts') ? [path] : [];
	});
}

const FILES = sources(SRC);

test('the reader of imports sees every kind of import', () => {
	assert.ok(FILES.length > 100, `only ${FILES.length} files under ${SRC}`);
	const edges = FILES.flatMap(importsOf);
	assert.ok(edges.length > 300, `only ${edges.length} imports read`);
	// A dynamic import and a type-only import are edges too.
	const cliApp = importsOf(join(SRC, 'cli-app.ts')).map((p) => relative(SRC, p));
	assert.ok(cliApp.length > 5, cliApp.join(', '));
	assert.ok(FILES.some((f) => /import type \{[^}]*\} from '\.\.?\//.test(readFileSync(f, 'utf8'))));
});

test('every file under src/ is in a layer the rules name', () => {
	const homeless = FILES.filter((f) => !layerOf(f)).map((f) => relative(SRC, f));
	assert.equal(homeless, [], `files in no layer (add the folder to src/README.md and LAYERS): ${homeless.join(', ')}`);
});

test('every import points down the flow', () => {
	const wrong: string[] = [];
	for (const file of FILES) {
		const from = layerOf(file)!;
		if (!from) continue;
		for (const target of importsOf(file)) {
			const to = layerOf(target);
			if (!to) wrong.push(`${relative(SRC, file)} → ${relative(SRC, target)} (not in any layer)`);
			else if (!pointsDown(from, to)) wrong.push(`${relative(SRC, file)} (${from.name}) → ${relative(SRC, target)} (${to.name})`);
		}
	}
	assert.equal(wrong, [], `imports that point up the flow:\n  ${wrong.join('\n  ')}`);
});

test('a command never imports another command (what two commands share lives below them)', () => {
	const commands = join(SRC, 'commands');
	const shared = FILES.filter((f) => dirname(f) === commands).flatMap((file) =>
		importsOf(file).filter((t) => dirname(t) === commands).map((t) => `${relative(SRC, file)} → ${relative(SRC, t)}`));
	assert.equal(shared, []);
});

test('the rule itself: up and sideways fail, down and within a folder pass', () => {
	const at = (p: string) => layerOf(join(SRC, p))!;
	assert.ok(pointsDown(at('watch/handle.ts'), at('verify/decide.ts')));
	assert.ok(pointsDown(at('watch/handle.ts'), at('watch/imap.ts')));
	assert.ok(!pointsDown(at('verify/guard-store.ts'), at('watch/handle.ts')));
	assert.ok(!pointsDown(at('fs/atomic.ts'), at('net/reach.ts')));
	assert.ok(!pointsDown(at('errors.ts'), at('sleep.ts')));
	assert.equal(layerOf(join(SRC, 'nowhere/x.ts')), null);
});

test.run();
