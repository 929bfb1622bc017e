/**
 * Bench 9: the reply reader on its own. Each shape of reader-shapes.ts at
 * 100 KB, 250 KB and 1 MB of HTML, parsed and decided as the watcher does it
 * (watch/handle.ts parseMail, watch/decide.ts), in a child started with the
 * watcher's V8 flags (no optimising compiler: the cost the budget sees).
 * Printed side by side: the time from the fetched mail to the decision (the
 * span the watcher's 3 s per-mail budget covers), its CPU part, the verdict.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { WATCHER_NODE_FLAGS } from '../src/config/node-flags.js';
import type { ReaderSample } from './reader-child.js';
import { READER_ANSWER, READER_SHAPES } from './reader-shapes.js';
import type { BenchOptions, Figure } from './result.js';
import { formatMs, median } from './stats.js';

const run = promisify(execFile);
const CHILD = fileURLToPath(new URL('./reader-child.js', import.meta.url));
export const READER_SIZES = [100_000, 250_000, 1_000_000];
/** Half the watcher's per-mail budget (BODY_BUDGET_MS, 3 s): a 1 MB reply must leave room for the rest of the mail's handling. */
const TARGET_MS = 1500;

const label = (bytes: number) => (bytes >= 1_000_000 ? `${bytes / 1_000_000} MB` : `${bytes / 1000} KB`);

export async function measureReader(options: BenchOptions): Promise<Figure[]> {
	const rounds = options.quick ? 1 : 3;
	const figures: Figure[] = [];
	for (const shape of READER_SHAPES) {
		const samples: ReaderSample[][] = [];
		for (let round = 0; round < rounds; round++) {
			const { stdout } = await run(process.execPath, [...WATCHER_NODE_FLAGS, CHILD, shape.name, ...READER_SIZES.map(String)], { maxBuffer: 16 * 1024 * 1024 });
			samples.push(JSON.parse(stdout) as ReaderSample[]);
		}
		const cells = READER_SIZES.map((bytes, i) => {
			const runs = samples.map((s) => s[i]!);
			const first = runs[0]!;
			const ms = median(runs.map((r) => r.parseMs + r.decideMs));
			const cpu = median(runs.map((r) => r.cpuMs));
			const verdict = first.accepted ? (first.text === READER_ANSWER ? 'typed' : 'typed WRONG TEXT') : `refused ${first.reasons.join(',')}`;
			return { bytes, ms, cpu, verdict, tags: first.tags, htmlBytes: first.htmlBytes };
		});
		const real = shape.name !== 'hostile';
		const last = cells[cells.length - 1]!;
		options.log(`  ${shape.name}: ${cells.map((c) => `${label(c.bytes)} ${formatMs(c.ms)} (cpu ${formatMs(c.cpu)}, ${c.tags} tags) ${c.verdict}`).join(' · ')}`);
		figures.push({
			id: '9',
			what: `reader: ${shape.what}`,
			n: rounds,
			value: cells.map((c) => `${label(c.bytes)} ${formatMs(c.ms)} ${c.verdict}`).join(' · '),
			target: real ? `typed, ≤ ${formatMs(TARGET_MS)} at 1 MB` : `≤ ${formatMs(TARGET_MS)} at 1 MB`,
			ok: last.ms <= TARGET_MS && (!real || cells.every((c) => c.verdict === 'typed')),
			data: { shape: shape.name, cells },
		});
	}
	return figures;
}
