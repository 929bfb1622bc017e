/**
 * 7: worst-case handling time per hostile shape at 100 KB, 1 MB and 10 MB,
 * from an outsider and from the authenticated, whitelisted user with a live
 * token, through the real watcher: the time it spent deciding (checkMs in
 * outcomes.jsonl) and how much of the mail it read. 8: a flood of 1,000
 * outsider mails of 100 KB, then one good reply: delivered → typed, and the
 * watcher's resident memory throughout.
 */
import type { MailServer } from '../test/harness/mail-server.js';
import { formatMessageId, mailHost } from '../src/session/token.js';
import { startFleet, type Fleet } from './fleet.js';
import { HOSTILE_SHAPES, outsiderHead, trustedHead } from './hostile-shapes.js';
import type { BenchOptions, Figure } from './result.js';
import { formatMb, formatMs } from './stats.js';
import { alice, memoryOf, readLog, readOutcomes, SERVICES, sleep, until } from './world.js';

const SIZES = [100_000, 1_000_000, 10_000_000];
const TARGET_MS = 1000;
let counter = 0;

interface Outcome { reasons: string[]; accepted: boolean; checkMs?: number; headerBytes?: number; bodyBytes?: number }

/** Appends one mail and waits for the watcher's outcome for it. */
async function handleOne(fleet: Fleet, raw: string): Promise<Outcome & { wallMs: number }> {
	const before = readOutcomes(fleet.home).length;
	const deliveredAt = await fleet.appender.append(raw);
	const outcome = await until('the outcome', () => readOutcomes(fleet.home)[before] as (Outcome & { uid?: number }) | undefined, 120_000, 10);
	// A reply that went to the pane's queue has its outcome written by the queue; its reading cost is in the log.
	const read = outcome.checkMs === undefined ? readLog(fleet.home).find((e) => e.event === 'mail-read' && e.uid === outcome.uid) : undefined;
	return { ...outcome, ...(read ? { checkMs: read.checkMs, headerBytes: read.headerBytes, bodyBytes: read.bodyBytes } : {}), wallMs: Date.now() - deliveredAt };
}

const kb = (bytes: number) => (bytes >= 1_000_000 ? `${bytes / 1_000_000} MB` : `${bytes / 1000} KB`);

export async function measureHostile(mail: MailServer, options: BenchOptions): Promise<Figure[]> {
	const fleet = await startFleet({ mail, service: SERVICES.hostile, panes: 1 });
	const figures: Figure[] = [];
	try {
		const pane = fleet.panes[0]!;
		for (const shape of HOSTILE_SHAPES) {
			for (const sender of ['outsider', 'trusted'] as const) {
				const cells: Array<{ bytes: number } & Outcome & { wallMs: number }> = [];
				for (const bytes of SIZES) {
					const messageId = `<hostile-${++counter}-${Date.now()}@bench.test>`;
					const head = sender === 'outsider' ? outsiderHead(messageId, SERVICES.hostile.address) : trustedHead({ messageId, token: pane.token, inReplyTo: formatMessageId(pane.token, mailHost()), authservId: mail.authservId, from: alice.address, to: SERVICES.hostile.address });
					const outcome = await handleOne(fleet, shape.build(bytes, head));
					cells.push({ bytes, ...outcome });
					await sleep(200);
				}
				const worst = Math.max(...cells.map((c) => c.checkMs ?? Infinity));
				const at10 = cells[cells.length - 1]!;
				const value = cells.map((c) => `${kb(c.bytes)} ${formatMs(c.checkMs ?? NaN)}`).join(' · ') + `  [read ${kb(at10.bodyBytes ?? 0)} of the body; ${at10.reasons.join(',') || 'typed'}]`;
				options.log(`  (7) ${shape.name} / ${sender}: ${value}`);
				figures.push({
					id: '7', what: `hostile: ${shape.name}, ${sender === 'outsider' ? 'outsider' : 'trusted sender'}`, n: cells.length, value,
					target: '≤ 1 s at 10 MB, linear', ok: (at10.checkMs ?? Infinity) <= TARGET_MS,
					data: { shape: shape.name, sender, worstMs: worst, cells },
				});
			}
		}
	} finally {
		await fleet.stop();
	}
	return figures;
}

export async function measureFlood(mail: MailServer, options: BenchOptions): Promise<Figure[]> {
	const count = options.quick ? 300 : 1000;
	const fleet = await startFleet({ mail, service: SERVICES.flood, panes: 1 });
	let peak = 0;
	const pid = fleet.watcher!.pid;
	const sampler = setInterval(() => {
		try {
			peak = Math.max(peak, memoryOf(pid).rss);
		} catch {
			// exited
		}
	}, 50);
	try {
		const floodStart = Date.now();
		for (let i = 0; i < count; i++) {
			const shape = HOSTILE_SHAPES[i % HOSTILE_SHAPES.length]!;
			await fleet.appender.append(shape.build(100_000, outsiderHead(`<flood-${i}-${Date.now()}@evil.test>`, SERVICES.flood.address)));
		}
		const floodMs = Date.now() - floodStart;
		const text = `after the flood: carry on ${Date.now()}`;
		const deliveredAt = await fleet.appender.append(fleet.reply(0, text));
		const typed = await until('the good reply typed', () => fleet.typed(0).find((entry) => entry.text === text), 120_000, 5);
		const latency = typed.t - deliveredAt;
		await until('the flood worked off', () => readOutcomes(fleet.home).length >= count + 1, 300_000, 200);
		await sleep(3000);
		const after = memoryOf(pid).rss;
		const outcomes = readOutcomes(fleet.home) as Outcome[];
		const bodyRead = outcomes.slice(0, count).filter((o) => (o.bodyBytes ?? 0) > 0).length;
		options.log(`  (8) ${count} outsider mails of 100 KB appended in ${formatMs(floodMs)}; good reply typed ${formatMs(latency)} after delivery; RSS peak ${formatMb(peak)}`);
		return [
			{ id: '8', what: `flood: ${count} outsider mails of 100 KB, then a good reply: delivered → typed`, n: 1, value: `${formatMs(latency)} (flood appended in ${formatMs(floodMs)}; bodies read: ${bodyRead} of ${count})`, target: '≤ 2 s', ok: latency <= 2000, data: { latencyMs: latency, floodMs, count, bodiesRead: bodyRead } },
			{ id: '8m', what: 'flood: watcher resident memory, peak (after, 3 s quiet)', n: 1, value: `${formatMb(peak)} (${formatMb(after)})`, target: '≤ 80 MB', ok: peak <= 80 * 1024 * 1024, data: { peakRss: peak, afterRss: after } },
		];
	} finally {
		clearInterval(sampler);
		await fleet.stop();
	}
}
