/**
 * (3) Reply delivered to the service mailbox → text typed into the pane.
 *
 * "Delivered" is when IMAP APPEND of the reply into the service INBOX returns
 * (the mail is in the mailbox; what Postfix adds before that is measured in
 * (2)). Replies come one at a time, a second apart, as a person answers.
 *
 * 3a: stand-in panes (bench/fake-claude.js): "typed" is the moment the fake
 *     Claude read the Enter after the pasted text.
 * 3b/3c: the real Claude Code CLI in a pane, hooks installed by `taskping
 *     install`, against the Messages API stand-in: "typed" is the time
 *     Claude Code recorded the prompt as submitted (the timestamp of its
 *     user entry in the transcript), and separately the request carrying
 *     the text reaching the Messages API stand-in.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MailServer } from '../test/harness/mail-server.js';
import { startClaude, type ClaudeSession } from '../test/harness/claude.js';
import { startMessagesApi, type MessagesApi } from '../test/harness/messages-api.js';
import { startTmux, type TmuxServer } from '../test/harness/tmux.js';
import { listSessions } from '../src/session/store.js';
import { startFleet } from './fleet.js';
import type { BenchOptions, Figure } from './result.js';
import { formatMs, median, round, summarize } from './stats.js';
import { Appender, configureHome, failOnRefusal, IdleObserver, countOutcomes, installedHookCommand, outboxEmpty, replyRaw, SERVICES, sleep, spawnWatcher, until, type Home, type RunningWatcher } from './world.js';

const GAP_MS = 1000;

function latencyFigure(id: string, what: string, samples: number[], extra: Record<string, unknown> = {}): Figure {
	const s = summarize(samples);
	return {
		id,
		what,
		n: s.n,
		value: `p50 ${formatMs(s.p50)} · p95 ${formatMs(s.p95)}`,
		target: '≤ 1 s p50, ≤ 2 s p95',
		ok: s.n > 0 && s.p50 <= 1000 && s.p95 <= 2000,
		data: { ms: s, samplesMs: samples.map((v) => round(v)), ...extra },
	};
}

export async function measureReplyFake(mail: MailServer, options: BenchOptions, history = 0): Promise<Figure[]> {
	const replies = options.quick ? 8 : history ? 20 : 25;
	const fleet = await startFleet({ mail, service: history ? SERVICES.history : SERVICES.reply, panes: 2, history });
	const observer = await IdleObserver.open(mail, history ? SERVICES.history : SERVICES.reply);
	const samples: number[] = [];
	const pushes: number[] = [];
	try {
		await sleep(GAP_MS);
		for (let i = 0; i < replies; i++) {
			const index = i % fleet.panes.length;
			const text = `bench reply ${i}: please continue with step ${i + 2}`;
			const before = fleet.typed(index).length;
			const handled = countOutcomes(fleet.home);
			const appendStart = Date.now();
			const deliveredAt = await fleet.appender.append(fleet.reply(index, text));
			const typed = await until(`reply ${i} typed`, () => {
				failOnRefusal(fleet.home, handled, `reply ${i}`);
				return fleet.typed(index).slice(before).find((entry) => entry.text === text);
			}, 15_000, 5);
			samples.push(typed.t - deliveredAt);
			const push = observer.pushAfter(appendStart);
			if (push !== null) pushes.push(push - deliveredAt);
			await until(`reply ${i} recorded`, () => countOutcomes(fleet.home) > handled, 15_000, 20);
			await sleep(GAP_MS);
		}
		options.log(`  (3${history ? 'd' : 'a'}) ${replies} replies into stand-in panes, p50 ${formatMs(median(samples))}`);
	} finally {
		await observer.close();
		await fleet.stop();
	}
	const figure = history
		? latencyFigure('3d', `as 3a, the watcher having handled ${history.toLocaleString('en')} mails before (processed.json)`, samples, { serverPushMs: summarize(pushes), history })
		: latencyFigure('3a', 'reply delivered → typed into the pane (stand-in panes)', samples, { serverPushMs: summarize(pushes) });
	figure.value += ` (of which the server's IDLE push p50 ${formatMs(median(pushes))})`;
	return [figure];
}

interface ClaudeWorld {
	home: Home;
	api: MessagesApi;
	tmux: TmuxServer;
	claude: ClaudeSession;
	watcher: RunningWatcher;
	appender: Appender;
	stop(): Promise<void>;
}

async function startClaudeWorld(mail: MailServer): Promise<ClaudeWorld> {
	const home = configureHome(mail, SERVICES.claude);
	let api: MessagesApi | null = null;
	let tmux: TmuxServer | null = null;
	let claude: ClaudeSession | null = null;
	let watcher: RunningWatcher | null = null;
	let appender: Appender | null = null;
	const stop = async () => {
		await watcher?.stop();
		await appender?.close();
		await claude?.stop();
		await tmux?.kill();
		await api?.close();
		await until('claude outbox drained', () => outboxEmpty(home), 10_000).catch(() => undefined);
		home.remove();
	};
	try {
		const { settings } = installedHookCommand(home);
		api = await startMessagesApi();
		tmux = await startTmux();
		claude = await startClaude({ tmux, api, settings, env: { TASKPING_HOME: home.dir } });
		watcher = await spawnWatcher(home.env);
		appender = await Appender.open(mail, SERVICES.claude);
	} catch (error) {
		await stop();
		throw error;
	}
	return { home, api, tmux, claude, watcher: watcher!, appender: appender!, stop };
}

/** Claude Code's own record of how long each Stop hook ran (stop_hook_summary in the transcript). */
function stopHookDurations(transcriptPath: string): number[] {
	try {
		return readFileSync(transcriptPath, 'utf8').split('\n').filter((line) => line.includes('stop_hook_summary')).flatMap((line) => {
			const info = JSON.parse(line).hookInfos?.[0];
			return typeof info?.durationMs === 'number' ? [info.durationMs] : [];
		});
	} catch {
		return [];
	}
}

/** When Claude Code recorded the prompt with this text as submitted: the `timestamp` of its user entry in the transcript. */
function submittedAt(transcriptPath: string, text: string): number | null {
	try {
		for (const line of readFileSync(transcriptPath, 'utf8').split('\n')) {
			if (!line.includes(text)) continue;
			const entry = JSON.parse(line);
			const content = entry.message?.content;
			const said = typeof content === 'string' ? content : Array.isArray(content) ? content.map((block: { text?: string }) => block.text ?? '').join('\n') : '';
			if (entry.type === 'user' && said.includes(text) && entry.timestamp) return Date.parse(entry.timestamp);
		}
	} catch {
		// not written yet
	}
	return null;
}

export async function measureReplyClaude(mail: MailServer, options: BenchOptions): Promise<Figure[]> {
	const replies = options.quick ? 5 : 20;
	const world = await startClaudeWorld(mail);
	const submitted: number[] = [];
	const atApi: number[] = [];
	let hookDurations: number[] = [];
	try {
		const { claude, api, home } = world;
		// A first prompt typed by hand: its Stop hook creates the session record and the token.
		await claude.type('hello, start the task');
		await api.waitFor((body) => JSON.stringify(body.messages).includes('hello, start the task'), 20_000);
		const record = await until('the session record', () => listSessions(join(home.dir, 'state', 'sessions'))[0], 20_000, 50);
		for (let i = 0; i < replies; i++) {
			await claude.waitForStatus('idle', 20_000);
			await until('the previous notification to be sent', () => outboxEmpty(home), 20_000, 50);
			await sleep(GAP_MS);
			const text = `bench reply ${i}: please continue with step ${i + 2}`;
			const requestsBefore = api.requests.length;
			const handled = countOutcomes(home);
			const deliveredAt = await world.appender.append(replyRaw({ token: record.token, text, messageId: `<bench-claude-${process.pid}-${i}-${Date.now()}@users.test>`, authservId: mail.authservId, to: SERVICES.claude.address }));
			await until(`reply ${i} at the API`, () => {
				failOnRefusal(home, handled, `reply ${i}`);
				return api.requests.slice(requestsBefore).some((r) => JSON.stringify(r.body.messages ?? '').includes(text));
			}, 15_000, 10);
			const request = api.requests.slice(requestsBefore).find((r) => JSON.stringify(r.body.messages ?? '').includes(text));
			if (request) atApi.push(request.at - deliveredAt);
			const typedAt = await until(`reply ${i} in the transcript`, () => submittedAt(record.transcriptPath, text), 15_000, 50).catch(() => null);
			if (typedAt !== null) submitted.push(typedAt - deliveredAt);
			await until(`reply ${i} recorded`, () => countOutcomes(home) > handled, 15_000, 20);
		}
		await claude.waitForStatus('idle', 20_000);
		hookDurations = stopHookDurations(record.transcriptPath);
		options.log(`  (3b/3c) ${replies} replies into real Claude Code, submitted p50 ${formatMs(median(submitted))}, at the API p50 ${formatMs(median(atApi))}`);
	} catch (error) {
		const screen = await world.claude.screen().catch(() => '(no screen)');
		throw new Error(`${(error as Error).message}\n--- watcher output ---\n${world.watcher.output().slice(-3000)}\n--- screen ---\n${screen}`, { cause: error });
	} finally {
		await world.stop();
	}
	const hooks = summarize(hookDurations);
	return [
		latencyFigure('3b', 'reply delivered → submitted in real Claude Code (transcript)', submitted),
		latencyFigure('3c', 'reply delivered → request at the Messages API stand-in', atApi),
		{
			id: '1b',
			what: 'Stop hook duration as Claude Code reports it (stop_hook_summary)',
			n: hooks.n,
			value: `p50 ${formatMs(hooks.p50)} · p95 ${formatMs(hooks.p95)}`,
			target: '—',
			ok: null,
			data: { ms: hooks, samplesMs: hookDurations },
		},
	];
}
