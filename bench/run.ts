/**
 * `npm run bench`: TaskPing's benchmarks on the real parts (Dovecot + Postfix
 * on loopback, private tmux servers, the real Claude Code CLI against the
 * Messages API stand-in, `taskping watch` as a child process). Prints each
 * figure beside its target. Not part of `npm test`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureCatchup } from './catchup.js';
import { measureFleet } from './fleet-bench.js';
import { measureFlood, measureHostile } from './hostile.js';
import { measureHook, measureNotify, startHookWorld } from './hook.js';
import { measureReader } from './reader.js';
import { measureReplyClaude, measureReplyFake } from './reply.js';
import type { BenchOptions, Figure } from './result.js';
import { table } from './stats.js';
import { loadAverage, startBenchMail } from './world.js';
import { claudeVersion } from '../test/harness/claude.js';

const HELP = `Usage: npm run bench -- [options]      (or: node dist/bench/run.js [options])

Measures, on the real parts (mail server, private tmux, real Claude Code CLI):
  1  hook wall time p50/p95 vs a bare node -e '' run the same way   target ≤ 1.5×
  2  hook fired → notification visible over IMAP                      target ≤ 1.5 s p50
  3  reply delivered → typed into the pane (stand-in panes; real
     Claude Code: submitted, and at the Messages API stand-in)        target ≤ 1 s p50, ≤ 2 s p95
     3d: as 3a after 20,000 handled mails (history must not slow replies)
  4  watcher resident memory idle and after 1,000 replies             target ≤ 80 MB
  5  start-up catch-up with 10,000 old messages (only new processed)  target ready ≤ 3 s
  6  burst of 500 replies across 20 panes: correctness and replies/s
  7  hostile shapes at 100 KB / 1 MB / 10 MB, outsider and trusted
     sender: time the watcher spent deciding, body bytes read     target ≤ 1 s at 10 MB, linear
  8  flood of 1,000 outsider mails of 100 KB, then a good reply:
     delivered → typed; watcher RSS peak                          target ≤ 2 s, ≤ 80 MB
  9  the reply reader alone, with the watcher's V8 flags: an Outlook
     and a Gmail reply and a hostile page at 100 KB / 250 KB / 1 MB
     of HTML, fetched mail → decision                             target ≤ 1.5 s at 1 MB

Options:
  --only LIST   run only these measurements, e.g. --only 1,3 (repeatable)
  --quick       fewer samples (for a quick look; counts below the issue's minimums)
  --json        print the results as JSON on stdout (progress goes to stderr)
  --help        this text

Needs root, tmux, Dovecot and Postfix (scripts/install-system-deps.sh) and the
built tree (npm run bench builds it). A full run takes about 15 minutes, --quick about 5.`;

interface Args { only: Set<string>; quick: boolean; json: boolean; help: boolean }

function parseArgs(argv: string[]): Args {
	const args: Args = { only: new Set(), quick: false, json: false, help: false };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		if (arg === '--help' || arg === '-h') args.help = true;
		else if (arg === '--quick') args.quick = true;
		else if (arg === '--json') args.json = true;
		else if (arg === '--only' || arg.startsWith('--only=')) {
			const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
			if (!value) throw new Error('--only needs a list such as 1,3');
			for (const part of value.split(',').map((p) => p.trim()).filter(Boolean)) {
				if (!/^[1-9]$/.test(part)) throw new Error(`--only: unknown measurement "${part}" (1 to 9)`);
				args.only.add(part);
			}
		} else throw new Error(`unknown option ${arg} (see --help)`);
	}
	if (args.only.size === 0) for (const id of ['1', '2', '3', '4', '5', '6', '7', '8', '9']) args.only.add(id);
	return args;
}

/** The commit measured: git's HEAD, or a COMMIT file at the root of a snapshot (git archive) without .git. */
function gitCommit(): string | null {
	const root = fileURLToPath(new URL('../../', import.meta.url));
	try {
		const dirty = execFileSync('git', ['-C', root, 'status', '--porcelain', '--untracked-files=no', '--', 'src', 'hooks', 'install'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
		const head = execFileSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
		return dirty ? `${head}+uncommitted` : head;
	} catch {
		try {
			return readFileSync(join(root, 'COMMIT'), 'utf8').trim();
		} catch {
			return null;
		}
	}
}

async function main(): Promise<number> {
	let args: Args;
	try {
		args = parseArgs(process.argv.slice(2));
	} catch (error) {
		process.stderr.write(`bench: ${(error as Error).message}\n`);
		return 2;
	}
	if (args.help) {
		process.stdout.write(`${HELP}\n`);
		return 0;
	}
	const log = (line: string) => process.stderr.write(`${line}\n`);
	const options: BenchOptions = { quick: args.quick, log };
	const startedAt = new Date();
	const loadBefore = loadAverage();
	const figures: Figure[] = [];
	let crashed = false;
	const attempt = async (ids: string, label: string, fn: () => Promise<Figure[]>) => {
		log(`▶ ${label}`);
		const t0 = Date.now();
		try {
			figures.push(...(await fn()));
		} catch (error) {
			crashed = true;
			log(`  ✗ ${label} failed: ${(error as Error).stack ?? error}`);
			for (const id of ids.split(',')) figures.push({ id, what: label, n: null, value: `FAILED: ${(error as Error).message.split('\n')[0]}`, target: '', ok: false, data: { error: (error as Error).message } });
		}
		log(`  (${((Date.now() - t0) / 1000).toFixed(0)} s, load ${loadAverage().join(' ')})`);
	};

	const { only } = args;
	// The reader row needs no mail server: it reads mail built in memory.
	if (only.has('9')) await attempt('9', 'reply reader', () => measureReader(options));
	const needsMail = [...only].some((id) => id !== '9');
	if (needsMail) log(`bench: starting the mail server (load average ${loadBefore.join(' ')})`);
	const mail = needsMail ? await startBenchMail() : null;
	if (mail) try {
		if (only.has('1') || only.has('2')) {
			const world = await startHookWorld(mail);
			try {
				if (only.has('1')) await attempt('1', 'hook wall time', () => measureHook(world, options));
				if (only.has('2')) await attempt('2', 'hook → notification in the mailbox', () => measureNotify(world, mail, options));
			} finally {
				await world.stop();
			}
		}
		if (only.has('3')) {
			await attempt('3a', 'reply → typed (stand-in panes)', () => measureReplyFake(mail, options));
			await attempt('3d', 'reply → typed with a long history', () => measureReplyFake(mail, options, options.quick ? 5000 : 20_000));
			await attempt('3b,3c', 'reply → real Claude Code', () => measureReplyClaude(mail, options));
		}
		if (only.has('5')) await attempt('5', 'start-up catch-up', () => measureCatchup(mail, options));
		if (only.has('4') || only.has('6')) {
			const ids = ['6', '4'].filter((id) => only.has(id)).join(',');
			await attempt(ids, 'fleet: throughput and memory', () => measureFleet(mail, options, { memory: only.has('4'), throughput: only.has('6') }));
		}
		if (only.has('7')) await attempt('7', 'hostile shapes', () => measureHostile(mail, options));
		if (only.has('8')) await attempt('8,8m', 'flood of outsider mail', () => measureFlood(mail, options));
	} finally {
		await mail.stop();
	}

	const order = (id: string) => (id === '1b' ? 1.5 : Number.parseFloat(id)) * 10 + (id.charCodeAt(1) || 0) / 1000;
	figures.sort((a, b) => order(a.id) - order(b.id));
	const meta = {
		startedAt: startedAt.toISOString(),
		seconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
		quick: args.quick,
		commit: gitCommit(),
		node: process.version,
		cpus: cpus().length,
		claudeCode: claudeVersion(),
		loadAverageBefore: loadBefore,
		loadAverageAfter: loadAverage(),
	};
	if (args.json) {
		process.stdout.write(`${JSON.stringify({ meta, results: figures }, null, 2)}\n`);
	} else {
		const verdict = (ok: boolean | null) => (ok === null ? '' : ok ? 'ok' : 'MISSED');
		process.stdout.write(`\nTaskPing benchmarks${args.quick ? ' (--quick: fewer samples)' : ''} — ${meta.startedAt}, commit ${meta.commit ?? '?'}, node ${meta.node}, ${meta.cpus} CPUs, Claude Code ${meta.claudeCode}\n`);
		process.stdout.write(`load average (1/5/15 min): before ${loadBefore.join(' ')}, after ${meta.loadAverageAfter.join(' ')}; ${meta.seconds} s\n\n`);
		process.stdout.write(`${table([['#', 'measurement', 'n', 'result', 'target', ''], ...figures.map((f) => [f.id, f.what, f.n === null ? '' : String(f.n), f.value, f.target, verdict(f.ok)])])}\n`);
	}
	return crashed ? 1 : 0;
}

process.exit(await main());
