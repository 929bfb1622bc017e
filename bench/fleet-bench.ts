/**
 * (4) Watcher resident memory, idle and after 1,000 replies across 20
 * sessions, and (6) throughput: a burst of replies across 20 stand-in panes,
 * each of which must be typed once, into its own pane, in per-pane order.
 * Both use one fleet (bench/fleet.ts) and one `taskping watch` process.
 */
import type { MailServer } from '../test/harness/mail-server.js';
import { startFleet, type Fleet } from './fleet.js';
import type { BenchOptions, Figure } from './result.js';
import { formatMb, formatMs, round } from './stats.js';
import { countOutcomes, memoryOf, outboxEmpty, readOutcomes, SERVICES, sleep, until, type MemorySample } from './world.js';

const PANES = 20;
const QUIET_MS = 3000;

interface BurstResult {
	count: number;
	appendMs: number;
	totalMs: number;
	firstTypedMs: number;
	perSecond: number;
	missing: number;
	duplicates: number;
	wrongPane: number;
	outOfOrder: number;
	/** Replies the watcher refused, by reason. */
	refused: Record<string, number>;
	peakRss: number;
}

let burstCounter = 0;

/** The watcher's memory; if it died, an error carrying the end of what it printed. */
function watcherMemory(fleet: Fleet): MemorySample {
	try {
		return memoryOf(fleet.watcher!.pid);
	} catch {
		throw new Error(`the watcher (pid ${fleet.watcher?.pid}) is gone; its last output:\n${fleet.watcher?.output().slice(-3000)}`);
	}
}

/** Appends `count` replies round-robin over the panes as fast as one IMAP connection allows, then waits until all are typed. */
async function burst(fleet: Fleet, count: number, options: BenchOptions): Promise<BurstResult> {
	const id = ++burstCounter;
	const before = fleet.panes.map((pane) => fleet.typed(pane.index).length);
	const expected: string[][] = fleet.panes.map(() => []);
	const raws: string[] = [];
	for (let k = 0; k < count; k++) {
		const index = k % fleet.panes.length;
		const text = `bench burst ${id} pane ${index} seq ${expected[index]!.length}`;
		expected[index]!.push(text);
		raws.push(fleet.reply(index, text));
	}
	const outcomesBefore = countOutcomes(fleet.home);
	let peakRss = watcherMemory(fleet).rss;
	const start = Date.now();
	for (const raw of raws) await fleet.appender.append(raw);
	const appendMs = Date.now() - start;
	options.log(`    burst ${id}: ${count} replies appended in ${formatMs(appendMs)}`);
	const deadline = start + 60_000 + count * 1000;
	let lastReport = Date.now();
	for (;;) {
		const typedCount = fleet.panes.reduce((sum, pane, i) => sum + fleet.typed(pane.index).length - before[i]!, 0);
		peakRss = Math.max(peakRss, watcherMemory(fleet).rss);
		if (typedCount >= count) break;
		// Every reply decided, some refused: waiting longer will not type them.
		if (countOutcomes(fleet.home) >= outcomesBefore + count) break;
		if (Date.now() > deadline) {
			options.log(`    burst ${id}: gave up with ${typedCount}/${count} typed`);
			break;
		}
		if (Date.now() - lastReport > 15_000) {
			lastReport = Date.now();
			options.log(`    burst ${id}: ${typedCount}/${count} typed after ${formatMs(Date.now() - start)}`);
		}
		await sleep(100);
	}
	// Give a late duplicate the chance to show, and let every outcome be recorded.
	await until('every outcome recorded', () => countOutcomes(fleet.home) >= outcomesBefore + count, 30_000, 50).catch(() => undefined);
	await sleep(500);
	let missing = 0;
	let duplicates = 0;
	let wrongPane = 0;
	let outOfOrder = 0;
	let first = Number.POSITIVE_INFINITY;
	let last = 0;
	const owner = new Map<string, number>();
	expected.forEach((texts, index) => texts.forEach((text) => owner.set(text, index)));
	fleet.panes.forEach((pane, index) => {
		const got = fleet.typed(pane.index).slice(before[index]);
		const mine = got.filter((entry) => owner.get(entry.text) === index).map((entry) => entry.text);
		wrongPane += got.filter((entry) => owner.has(entry.text) && owner.get(entry.text) !== index).length;
		duplicates += mine.length - new Set(mine).size;
		missing += expected[index]!.filter((text) => !mine.includes(text)).length;
		const order = mine.filter((text, i) => mine.indexOf(text) === i);
		outOfOrder += order.filter((text, i) => expected[index]!.indexOf(text) !== i).length > 0 ? 1 : 0;
		for (const entry of got) {
			first = Math.min(first, entry.t);
			last = Math.max(last, entry.t);
		}
	});
	const totalMs = last > 0 ? last - start : Number.NaN; // NaN: nothing was typed
	const refused: Record<string, number> = {};
	for (const outcome of readOutcomes(fleet.home).slice(outcomesBefore)) if (!outcome.accepted) for (const reason of outcome.reasons) refused[reason] = (refused[reason] ?? 0) + 1;
	const typedCount = count - missing;
	return { count, appendMs, totalMs, firstTypedMs: Number.isFinite(first) ? first - start : Number.NaN, perSecond: typedCount / (totalMs / 1000), missing, duplicates, wrongPane, outOfOrder, refused, peakRss };
}

async function quietMemory(fleet: Fleet): Promise<MemorySample> {
	await until('the outbox to drain', () => outboxEmpty(fleet.home), 120_000, 100).catch(() => undefined);
	await sleep(QUIET_MS);
	return watcherMemory(fleet);
}

export async function measureFleet(mail: MailServer, options: BenchOptions, which: { memory: boolean; throughput: boolean }): Promise<Figure[]> {
	const burstSize = options.quick ? 100 : 500;
	const memoryReplies = options.quick ? 200 : 1000;
	const figures: Figure[] = [];
	const fleet = await startFleet({ mail, service: SERVICES.fleet, panes: PANES });
	try {
		options.log(`  fleet of ${PANES} stand-in panes ready; watcher pid ${fleet.watcher!.pid}`);
		const idle = await quietMemory(fleet);
		let processed = 0;
		const memoryTrail: Array<{ replies: number; rss: number; anon: number }> = [{ replies: 0, rss: idle.rss, anon: idle.anon }];
		if (which.throughput) {
			const result = await burst(fleet, burstSize, options);
			processed += burstSize;
			const correct = result.missing === 0 && result.duplicates === 0 && result.wrongPane === 0 && result.outOfOrder === 0;
			figures.push({
				id: '6',
				what: `burst of ${burstSize} replies across ${PANES} panes: typed once, own pane, per-pane order`,
				n: burstSize,
				value: `${Number.isFinite(result.perSecond) ? result.perSecond.toFixed(1) : '—'} replies/s (${formatMs(result.totalMs)} in all; first typed after ${formatMs(result.firstTypedMs)}; APPEND of all took ${formatMs(result.appendMs)}); missing ${result.missing}, duplicates ${result.duplicates}, wrong pane ${result.wrongPane}, panes out of order ${result.outOfOrder}${Object.keys(result.refused).length ? `; refused: ${JSON.stringify(result.refused)}` : ''}`,
				target: 'all correct; report rate',
				ok: correct,
				data: { ...result, totalMs: round(result.totalMs), perSecond: round(result.perSecond, 2) },
			});
			options.log(`  (6) ${burstSize} replies: ${Number.isFinite(result.perSecond) ? result.perSecond.toFixed(1) : '—'}/s, ${correct ? 'all correct' : 'NOT correct'}`);
			if (which.memory) {
				const sample = await quietMemory(fleet);
				memoryTrail.push({ replies: processed, rss: sample.rss, anon: sample.anon });
			}
		}
		if (which.memory) {
			try {
				figures.push(await measureMemory({ fleet, idle, processed, trail: memoryTrail, burstSize, total: memoryReplies }, options));
			} catch (error) {
				// Keep the throughput figure; say what the memory run saw before it broke.
				figures.push({ id: '4', what: 'watcher resident memory', n: null, value: `FAILED: ${(error as Error).message.split('\n')[0]} (idle was ${formatMb(idle.rss)})`, target: '≤ 80 MB', ok: false, data: { idleRss: idle.rss, trail: memoryTrail, error: (error as Error).message } });
				options.log(`  ✗ (4) failed: ${(error as Error).stack ?? error}`);
			}
		}
	} finally {
		await fleet.stop();
	}
	return figures;
}

interface MemoryRun {
	fleet: Fleet;
	idle: MemorySample;
	/** Replies the watcher has handled so far (the throughput burst counts). */
	processed: number;
	trail: Array<{ replies: number; rss: number; anon: number }>;
	burstSize: number;
	total: number;
}

/** Bursts until `total` replies were handled, noting the resident memory when quiet after each. */
async function measureMemory(run: MemoryRun, options: BenchOptions): Promise<Figure> {
	const { fleet, idle, trail } = run;
	let processed = run.processed;
	let peak = 0;
	while (processed < run.total) {
		const size = Math.min(run.burstSize, run.total - processed);
		const result = await burst(fleet, size, options);
		peak = Math.max(peak, result.peakRss);
		processed += size;
		const sample = await quietMemory(fleet);
		trail.push({ replies: processed, rss: sample.rss, anon: sample.anon });
	}
	const after = watcherMemory(fleet);
	const last = trail.at(-1)!.rss;
	options.log(`  (4) idle ${formatMb(idle.rss)}, after ${processed} replies ${formatMb(last)}`);
	return {
		id: '4',
		what: `watcher resident memory: idle, and after ${run.total} replies across ${PANES} sessions`,
		n: run.total,
		value: `idle ${formatMb(idle.rss)}; after ${formatMb(last)} (${trail.map((m) => `${m.replies}: ${formatMb(m.rss)}`).join(', ')}); peak ${formatMb(after.hwm)}; of the idle figure ${formatMb(idle.file)} is mapped files (the node binary), ${formatMb(idle.anon)} private`,
		target: '≤ 80 MB',
		ok: Math.max(idle.rss, last) <= 80 * 1024 * 1024,
		data: { idleRss: idle.rss, idleAnon: idle.anon, idleFile: idle.file, afterRss: last, afterAnon: trail.at(-1)!.anon, peakRss: after.hwm, burstPeakRss: peak, trail },
	};
}
