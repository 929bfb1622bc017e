/**
 * One process of the reader row (9), started by reader.ts with the watcher's
 * V8 flags: builds each shape at each size, parses it as the watcher does
 * (watch/handle.ts parseMail) and decides it (watch/decide.ts), and prints
 * the times as one JSON line. Also the thing to profile:
 *   node --no-opt --no-maglev --cpu-prof dist/bench/reader-child.js outlook 1048576
 */
import type { SessionRecord } from '../src/session/store.js';
import { decideReply } from '../src/verify/decide.js';
import { parseMail } from '../src/watch/handle.js';
import { READER_AUTHSERV, READER_FROM, READER_SERVICE, READER_SHAPES } from './reader-shapes.js';

export interface ReaderSample { shape: string; bytes: number; htmlBytes: number; tags: number; parseMs: number; decideMs: number; cpuMs: number; accepted: boolean; reasons: string[]; text: string | null }

const now = new Date('2026-12-07T06:30:00Z');
const session = (token: string): SessionRecord => ({
	token, tmux: { socket: '/tmp/none', pane: '%1' }, claudeSessionId: 's', claudeConfigDir: null, cwd: '/work/shop-api', transcriptPath: '',
	createdAt: now.toISOString(), refreshedAt: now.toISOString(), expiresAt: new Date(now.getTime() + 3600_000).toISOString(), recipients: [READER_FROM], messageIds: [],
}) as SessionRecord;

async function measure(shapeName: string, bytes: number): Promise<ReaderSample> {
	const shape = READER_SHAPES.find((s) => s.name === shapeName);
	if (!shape) throw new Error(`unknown shape ${shapeName} (${READER_SHAPES.map((s) => s.name).join(', ')})`);
	const raw = Buffer.from(shape.build(bytes));
	const cpu = process.cpuUsage();
	const t0 = performance.now();
	const mail = await parseMail(raw);
	const t1 = performance.now();
	if (!mail) throw new Error(`${shapeName}: mailparser could not parse it`);
	const decision = decideReply(mail, {
		config: { allowedSenders: [READER_FROM], maxReplyLength: 4000, authservId: READER_AUTHSERV, emailFrom: READER_SERVICE },
		findSession: session,
		isProcessed: () => false,
		now,
		raw,
	});
	const t2 = performance.now();
	const used = process.cpuUsage(cpu);
	const html = typeof mail.html === 'string' ? mail.html : '';
	return { shape: shapeName, bytes: raw.length, htmlBytes: html.length, tags: html.split('<').length - 1, parseMs: t1 - t0, decideMs: t2 - t1, cpuMs: (used.user + used.system) / 1000, accepted: decision.accepted, reasons: decision.reasons, text: decision.text };
}

const [shapeName, ...sizes] = process.argv.slice(2);
const out: ReaderSample[] = [];
for (const size of sizes) out.push(await measure(shapeName ?? '', Number(size)));
process.stdout.write(`${JSON.stringify(out)}\n`);
