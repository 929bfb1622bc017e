/**
 * (1) Hook wall time, against a bare `node -e ''` started the same way in the
 * same loop, and (2) hook fired → notification visible in the user's mailbox.
 *
 * The hook is the command `taskping install` writes, run as Claude Code runs
 * it: `/bin/sh -c '<command>'`, the Stop payload on stdin then EOF, cwd the
 * project, Claude Code's hook environment (TMUX/TMUX_PANE of a real pane of a
 * private tmux server, CLAUDE_CONFIG_DIR, TASKPING_HOME). TaskPing is
 * configured against the bench mail server and `taskping watch` runs, as for
 * a user, so whatever hands off the SMTP send (the hook's detached sender, or
 * the watcher) really sends each notification.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MailServer } from '../test/harness/mail-server.js';
import { startTmux, type TmuxServer } from '../test/harness/tmux.js';
import type { BenchOptions, Figure } from './result.js';
import { formatMs, median, round, summarize } from './stats.js';
import { alice, configureHome, hookEnv, installedHookCommand, MailboxTail, outboxEmpty, readLog, runShell, SERVICES, sleep, spawnWatcher, stopPayload, until, writeTranscript, type Home, type RunningWatcher } from './world.js';

export interface HookWorld {
	home: Home;
	tmux: TmuxServer;
	command: string;
	env: NodeJS.ProcessEnv;
	projectDir: string;
	sessionId: string;
	transcript: string;
	watcher: RunningWatcher;
	stop(): Promise<void>;
}

export async function startHookWorld(mail: MailServer): Promise<HookWorld> {
	const home = configureHome(mail, SERVICES.hook);
	const run = realpathSync(mkdtempSync(join(tmpdir(), 'taskping-bench-hook-')));
	const projectDir = join(run, 'shop-api');
	const configDir = join(run, 'claude-config');
	mkdirSync(projectDir, { recursive: true });
	let tmux: TmuxServer | null = null;
	let watcher: RunningWatcher | null = null;
	const stop = async () => {
		await until('hook outbox drained', () => outboxEmpty(home), 15_000, 50).catch(() => undefined);
		await watcher?.stop();
		await tmux?.kill();
		home.remove();
		rmSync(run, { recursive: true, force: true });
	};
	try {
		tmux = await startTmux();
		const pane = (await tmux.tmux(['new-session', '-d', '-s', 'hook', '-c', projectDir, '-P', '-F', '#{pane_id}', 'sleep 86400'])).trim();
		const serverPid = Number((await tmux.tmux(['display-message', '-p', '#{pid}'])).trim()) || 0;
		const sessionId = randomUUID();
		const transcript = join(configDir, 'projects', '-bench-shop-api', `${sessionId}.jsonl`);
		writeTranscript(transcript, sessionId, projectDir, 'run the test suite and fix what fails');
		const { command } = installedHookCommand(home);
		const env = hookEnv({ home, socket: tmux.socketPath, serverPid, pane, configDir, projectDir, sessionId });
		watcher = await spawnWatcher(home.env);
		return { home, tmux, command, env, projectDir, sessionId, transcript, watcher, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

const payloadFor = (world: HookWorld, message: string) => stopPayload({ sessionId: world.sessionId, transcriptPath: world.transcript, cwd: world.projectDir, message });

/** Waits until the detached sender of the previous hook run is done, so runs do not overlap. */
async function settle(world: HookWorld): Promise<void> {
	await until('the detached sender to finish', () => outboxEmpty(world.home), 20_000, 20);
	await sleep(150);
}

export async function measureHook(world: HookWorld, options: BenchOptions): Promise<Figure[]> {
	const runs = options.quick ? 15 : 60;
	const bare = `${JSON.stringify(process.execPath)} -e ""`;
	const hook: number[] = [];
	const node: number[] = [];
	const ratios: number[] = [];
	let nonzero = 0;
	let printed = 0;
	// Warm the file cache for both, untimed.
	for (let i = 0; i < 3; i++) {
		await runShell(bare, payloadFor(world, 'warm-up'), world.env, world.projectDir);
		await runShell(world.command, payloadFor(world, `warm-up ${i}`), world.env, world.projectDir);
		await settle(world);
	}
	for (let i = 0; i < runs; i++) {
		const payload = payloadFor(world, `bench turn ${i}: all tests pass`);
		// Alternate the order (ABBA) so neither side always runs first.
		let h: Awaited<ReturnType<typeof runShell>>;
		let b: Awaited<ReturnType<typeof runShell>>;
		if (i % 2 === 0) {
			b = await runShell(bare, payload, world.env, world.projectDir);
			h = await runShell(world.command, payload, world.env, world.projectDir);
		} else {
			h = await runShell(world.command, payload, world.env, world.projectDir);
			b = await runShell(bare, payload, world.env, world.projectDir);
		}
		if (h.code !== 0 || h.stdout !== '') nonzero++;
		hook.push(h.ms);
		node.push(b.ms);
		ratios.push(h.ms / b.ms);
		await settle(world);
		if (i + 1 === runs || Date.now() - printed > 10_000) {
			printed = Date.now();
			options.log(`  (1) ${i + 1}/${runs} runs, hook p50 ${formatMs(median(hook))}, node -e '' p50 ${formatMs(median(node))}`);
		}
	}
	const h = summarize(hook);
	const b = summarize(node);
	const ratio50 = h.p50 / b.p50;
	const ratio95 = h.p95 / b.p95;
	return [
		{
			id: '1',
			what: "hook wall time (sh -c, Stop payload) vs bare node -e ''",
			n: runs,
			value: `hook p50 ${formatMs(h.p50)} · p95 ${formatMs(h.p95)}; node p50 ${formatMs(b.p50)} · p95 ${formatMs(b.p95)}; ratio p50 ${ratio50.toFixed(2)}× · p95 ${ratio95.toFixed(2)}×`,
			target: '≤ 1.5× (p50)',
			ok: ratio50 <= 1.5 && nonzero === 0,
			data: { hookMs: h, nodeMs: b, ratioP50: round(ratio50, 3), ratioP95: round(ratio95, 3), medianPairRatio: round(median(ratios), 3), badExits: nonzero, samplesHookMs: hook.map((v) => round(v)), samplesNodeMs: node.map((v) => round(v)) },
		},
	];
}

export async function measureNotify(world: HookWorld, mail: MailServer, options: BenchOptions): Promise<Figure[]> {
	const runs = options.quick ? 6 : 25;
	const tail = await MailboxTail.open(mail, alice);
	const tag = `n${process.pid.toString(36)}${Date.now().toString(36)}`;
	const total: number[] = [];
	const hookExit: number[] = [];
	const sent: number[] = [];
	try {
		await settle(world);
		for (let i = 0; i < runs; i++) {
			const marker = `${tag} notification ${i}`;
			const run = await runShell(world.command, payloadFor(world, `${marker}: all tests pass`), world.env, world.projectDir);
			const mailSeen = await tail.waitFor((m) => m.subject.includes(marker), 30_000, 20);
			total.push(mailSeen.seenAt - run.startedAt);
			hookExit.push(run.ms);
			// When the detached sender logged the SMTP send as done (the log's `at` has ms precision).
			const sentAt = readLog(world.home).filter((line) => line.event === 'mail-sent' && Date.parse(line.at) >= run.startedAt).map((line) => Date.parse(line.at))[0];
			if (sentAt !== undefined) sent.push(sentAt - run.startedAt);
			await settle(world);
			// Replies come a while apart; do not measure Postfix/Dovecot mid-flush.
			await sleep(300);
		}
		options.log(`  (2) ${runs} notifications, p50 ${formatMs(median(total))}`);
	} finally {
		await tail.close();
	}
	const s = summarize(total);
	return [
		{
			id: '2',
			what: 'hook fired → notification visible over IMAP in the user mailbox',
			n: runs,
			value: `p50 ${formatMs(s.p50)} · p95 ${formatMs(s.p95)} (sender done p50 ${formatMs(median(sent))}, hook exit p50 ${formatMs(median(hookExit))})`,
			target: '≤ 1.5 s p50',
			ok: s.p50 <= 1500,
			data: { totalMs: s, senderDoneMs: summarize(sent), hookExitMs: summarize(hookExit), samplesMs: total.map((v) => round(v)) },
		},
	];
}
