import type { Argv } from 'yargs';
import { resolvePaths } from '../fs/paths.js';
import { createStyle, type Style } from '../setup/style.js';
import { gatherStatus, type JobSummary, type StatusReport } from '../watch/report.js';

/** "12 s ago", "in 3 min": close enough for a person glancing at it. */
export function relative(iso: string | null, now = Date.now()): string {
	if (!iso) return 'never';
	const ms = Date.parse(iso) - now;
	const abs = Math.abs(ms);
	const amount = abs < 60_000 ? `${Math.round(abs / 1000)} s` : abs < 3_600_000 ? `${Math.round(abs / 60_000)} min` : abs < 172_800_000 ? `${Math.round(abs / 3_600_000)} h` : `${Math.round(abs / 86_400_000)} d`;
	return ms < 0 ? `${amount} ago` : `in ${amount}`;
}

const jobLine = (job: JobSummary, style: Style) =>
	`  ${job.kind.padEnd(12)} ${job.what}  ${style.dim(`queued ${relative(job.createdAt)}, ${job.attempts} attempt(s)${job.nextAttemptAt ? `, next ${relative(job.nextAttemptAt)}` : ''}${job.gaveUpAt ? `, given up ${relative(job.gaveUpAt)}` : ''}`)}${job.lastError ? `\n    ${style.warn(job.lastError)}` : ''}`;

export function formatStatus(report: StatusReport, style: Style): string {
	const lines: string[] = [];
	const { watcher, imap } = report;
	if (watcher.running && !watcher.responding) lines.push(`watcher   ${style.warn('not responding')} (pid ${watcher.pid} has not checked in for over 3 minutes; hooks send their own mail meanwhile). Fix: kill -9 ${watcher.pid}; the service starts it again, or run taskping watch`);
	else lines.push(watcher.running
		? `watcher   ${style.ok('running')} (pid ${watcher.pid}, since ${relative(watcher.startedAt)})${watcher.mailbox ? ` on ${watcher.mailbox}` : ''}${watcher.shared ? ', shared mailbox' : ''}`
		: `watcher   ${style.fail('not running')}  (start it: taskping watch, or taskping service install)`);
	if (imap) {
		const event = imap.lastIdleEvent ? `last IDLE event: ${imap.lastIdleEvent.kind === 'exists' ? 'new mail' : 'IDLE started'} ${relative(imap.lastIdleEvent.at)}` : 'no IDLE event yet';
		const state = imap.state === 'idle' ? style.ok('idle') : imap.state === 'stopped' ? style.dim('stopped') : style.warn(imap.state);
		lines.push(`imap      ${state} since ${relative(imap.since)}; ${event}; ${imap.reconnects} reconnect(s)${imap.nextRetryAt && imap.state === 'reconnecting' ? `, next try ${relative(imap.nextRetryAt)}` : ''}`);
		if (imap.lastError) lines.push(`          last error: ${style.warn(imap.lastError)}`);
	}
	lines.push(`sessions  ${report.sessions.length} live`);
	for (const session of report.sessions) lines.push(`  ${session.project.padEnd(20)} ${String(session.pane ?? 'no tmux').padEnd(6)} #${session.token}  ${session.kind.padEnd(10)} ${style.dim(`expires ${relative(session.expiresAt)}`)}`);
	lines.push(`outbox    ${report.outbox.pending.length} pending, ${report.outbox.failed.length === 0 ? '0 given up' : style.fail(`${report.outbox.failed.length} given up`)}`);
	for (const job of [...report.outbox.pending, ...report.outbox.failed]) lines.push(jobLine(job, style));
	const r = report.replies;
	lines.push(`replies   last 24 h: ${r.typed} typed, ${r.queued} queued, ${r.refusedAnswered} refused with an answer, ${r.refusedSilently === 0 ? '0' : style.fail(String(r.refusedSilently))} refused without one${r.outsiders ? style.dim(` (and ${r.outsiders} from outsiders, never answered)`) : ''}`);
	lines.push(`queue     ${report.queue.length === 0 ? 'empty' : `${report.queue.length} waiting`}`);
	for (const entry of report.queue) lines.push(`  ${entry.project.padEnd(20)} ${String(entry.pane ?? '?').padEnd(6)} #${entry.token}  ${String(entry.position).padStart(2)}. ${JSON.stringify(entry.firstLine)}  ${style.dim(`${entry.typing ? 'being typed' : `arrived ${relative(entry.arrivedAt)}`}, gives up ${relative(entry.deadline)}`)}`);
	for (const digest of report.digests) lines.push(`  digest to ${digest.to}: ${digest.replies} refused repl${digest.replies === 1 ? 'y' : 'ies'}, sent ${relative(digest.dueAt)}`);
	lines.push(`outcomes  last ${report.outcomes.length}`);
	for (const outcome of report.outcomes) {
		const verdict = outcome.accepted ? style.ok('typed') : style.warn(`refused: ${outcome.reasons.join(', ') || 'unknown'}`);
		lines.push(`  ${relative(outcome.at).padEnd(12)} ${String(outcome.from ?? '?').padEnd(28)} ${outcome.token ? `#${outcome.token} ` : ''}${verdict}`);
	}
	lines.push(style.dim(`state: ${report.stateDir}`));
	return lines.join('\n');
}

export function registerStatus(cli: Argv): Argv {
	return cli.command(
		'status',
		'Show the watcher (up or down, IMAP state, last IDLE event), live sessions, the last day\'s replies (typed, queued, refused with and without an answer), the reply queue and pending digests, queued and given-up mail, and the last ten outcomes.',
		(y) => y.option('json', { type: 'boolean', describe: 'print one JSON object (for scripts)' }).example('$0 status --json', 'machine-readable'),
		async (argv) => {
			const report = gatherStatus(resolvePaths());
			if (argv.json) return void process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
			console.log(formatStatus(report, createStyle(process.stdout)));
		},
	);
}
