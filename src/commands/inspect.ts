import { readFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/validate.js';
import { TaskPingError } from '../errors.js';
import { resolvePaths } from '../fs/paths.js';
import { loadSession } from '../session/store.js';
import { redactToken } from '../session/token.js';
import type { SenderCheck } from '../verify/sender.js';
import { describeReason } from '../mail/reasons.js';
import { readProcessed } from '../state/processed.js';
import { arrivalOf } from '../watch/arrival.js';
import { findQueued } from '../watch/reply-queue.js';

/** What the watcher would do with one .eml file; reads config and state, writes nothing. */
export async function inspectMail(file: string, env: NodeJS.ProcessEnv = process.env) {
	let raw: Buffer;
	try {
		raw = readFileSync(file);
	} catch (error) {
		throw new TaskPingError('inspect-unreadable', `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
	}
	const paths = resolvePaths(env);
	// The mail stack (mailparser, the extractor) is loaded only here, so other commands start fast.
	const [{ parseMail }, { decideHeaders }, { decideBody }, { cutHeaderBlock }, { readAuthservIds }, { readingOf }] = await Promise.all([import('../watch/handle.js'), import('../verify/decide.js'), import('../verify/decide-body.js'), import('../watch/header-block.js'), import('../verify/sender.js'), import('../inject/act.js')]);
	// As the watcher does: the header block alone first, the body only if the headers pass.
	const header = cutHeaderBlock(raw);
	const head = header ? await parseMail(header) : null;
	if (!head) return { messageId: null, from: null, subject: '', token: null, automated: false, text: null, accepted: false, reasons: [header ? 'parse-error' : 'too-complex'], details: [] as string[], skipped: [] as string[], session: null, sender: null, arrival: null, queue: null, dialog: false, answer: null, configProblem: undefined };
	let configProblem: string | null = null;
	let config: Config | undefined;
	try {
		config = loadConfig(env, paths);
	} catch (error) {
		configProblem = (error as Error).message;
	}
	const processed = readProcessed(paths);
	// A saved mail has no INTERNALDATE: the topmost Received line (the receiving server's) stands in for it.
	const arrival = arrivalOf({ headerLines: head.headerLines, handledAt: new Date() });
	const queued = head.messageId ? findQueued(paths, head.messageId) : null;
	const context = {
		config: config ?? { allowedSenders: [], maxReplyLength: 4000 },
		findSession: (token: string) => loadSession(paths.sessionsDir, token),
		isProcessed: (id: string) => id in processed,
		interrupted: (id: string) => processed[id]?.state === 'checking',
		now: arrival.at,
		raw,
		size: raw.length,
	};
	let decision = decideHeaders(head, context);
	if (decision.skipped.length === 0) {
		const mail = await parseMail(raw);
		decision = mail ? decideBody(mail, decision, context) : { ...decision, reasons: [...decision.reasons, 'parse-error'] };
	}
	const reasons = configProblem ? ['config-invalid', ...decision.reasons] : decision.reasons;
	// For a reply to a permission or question mail: how the answer reads (approve, reject with feedback, unclear and why).
	const dialog = decision.session?.dialog && decision.text !== null ? readingOf(decision.session, decision.text, { allowAlways: config?.allowAlways ?? true }, { setAside: decision.setAside, sender: decision.from ?? undefined }) : null;
	return {
		messageId: decision.messageId,
		from: decision.from,
		subject: decision.subject,
		token: decision.token,
		automated: decision.automated,
		text: decision.text,
		accepted: decision.accepted && !configProblem,
		reasons,
		details: decision.details,
		attachments: decision.attachments,
		/** Body checks not run because an earlier check refused (the watcher never reads such a body). */
		skipped: decision.skipped,
		session: decision.session ? { project: decision.session.cwd, pane: decision.session.tmux?.pane ?? null, expiresAt: decision.session.expiresAt } : null,
		sender: { ...decision.sender, trustedAuthservIds: readAuthservIds(config?.authservId) },
		arrival: { at: arrival.at.toISOString(), source: arrival.source },
		/** Waiting in the reply queue right now (the watcher accepted it; Claude was busy). */
		queue: queued ? { pane: queued.entry.session.tmux?.pane ?? null, position: queued.position, queuedAt: queued.entry.queuedAt, deadline: queued.entry.deadline, typing: processed[queued.entry.messageId]?.state === 'typing' } : null,
		dialog: Boolean(decision.session?.dialog),
		/** For a reply to a permission or question mail: how the answer reads. */
		answer: dialog ? { kind: decision.session!.dialog!.kind, tool: decision.session!.dialog!.toolName, reading: dialog } : null,
		configProblem: configProblem ?? undefined,
	};
}

export function registerInspect(cli: Argv): Argv {
	return cli.command(
		'inspect <file>',
		'Show what the watcher would do with a saved mail (.eml): sender, token, extracted text, accepted or why not. Changes nothing.',
		(y) => y.positional('file', { type: 'string', demandOption: true, describe: 'raw mail file (.eml)' }).option('json', { type: 'boolean', describe: 'one JSON object, for scripts' }).example('$0 inspect reply.eml --json', ''),
		async (argv) => {
			const result = await inspectMail(argv.file);
			if (argv.json) return console.log(JSON.stringify(result, null, 2));
			console.log(`From:       ${result.from ?? '(none)'}`);
			console.log(`Message-ID: ${result.messageId ?? '(none)'}`);
			console.log(`Token:      ${result.token ? `#${redactToken(result.token)}` : '(none)'}${result.session ? ` → ${result.session.project} (pane ${result.session.pane ?? 'none'})` : ''}`);
			console.log(`Automated:  ${result.automated ? 'yes' : 'no'}`);
			if (result.sender) for (const line of describeSender(result.sender)) console.log(line);
			if (result.arrival) console.log(`Arrived:    ${result.arrival.at} (${ARRIVAL_SOURCES[result.arrival.source]})`);
			if (result.queue) console.log(`Verdict:    QUEUED: waiting for pane ${result.queue.pane ?? '?'} (position ${result.queue.position}${result.queue.typing ? ', being typed' : ''}), given up at ${result.queue.deadline}`);
			else console.log(`Verdict:    ${result.accepted ? `ACCEPTED: would be typed${result.session && !result.dialog ? ' (at once when the prompt is idle and empty, else queued behind the current turn)' : ''}` : 'REJECTED: nothing would be typed'}`);
			for (const reason of result.reasons) console.log(`  - ${reason}: ${reason === 'config-invalid' ? result.configProblem : describeReason(reason)}`);
			for (const detail of result.details ?? []) console.log(`    found: ${detail}`);
			if (result.attachments?.length) console.log(`Attachments:\n${result.attachments.map((line) => `  - ${line}`).join('\n')}`);
			if (result.skipped.length) console.log(`Skipped:    ${result.skipped.join(', ')} (not run: an earlier check refused the mail)`);
			if (result.answer) console.log(`Answer:     ${describeReading(result.answer.reading)}`);
			console.log(result.text === null ? 'Text:       (none)' : `Text:\n${result.text.split('\n').map((line) => `  | ${line}`).join('\n')}`);
		},
	);
}

const ARRIVAL_SOURCES = { internaldate: "the server's INTERNALDATE", received: 'the topmost Received line, written by the receiving server', handled: 'no server time found: now' } as const;

function describeReading(reading: NonNullable<Awaited<ReturnType<typeof inspectMail>>['answer']>['reading']): string {
	if (reading.kind === 'approve') return 'approve';
	if (reading.kind === 'approve-always') return 'approve and always allow';
	if (reading.kind === 'reject') return `reject${reading.feedback ? `, telling Claude "${reading.feedback}"` : ''}`;
	if (reading.kind === 'option') return `pick option ${reading.number} (${reading.label})`;
	return `unclear, nothing pressed: ${reading.why}`;
}

const CHECK_NAMES: Record<SenderCheck['check'], string> = {
	dmarc: 'DMARC pass for the From domain',
	'dkim-aligned': 'a DKIM signature aligned with the From domain',
	relaxed: 'nothing: the address is on TASKPING_UNAUTHENTICATED_SENDERS',
	none: 'no check',
};

/** Which check decided sender authenticity, and the authserv-id a user needs to configure. */
function describeSender(sender: SenderCheck & { trustedAuthservIds: string[] }): string[] {
	const lines = [`Sender:     ${sender.authenticated ? `authenticated, decided by ${CHECK_NAMES[sender.check]}` : 'NOT authenticated: no DMARC pass and no aligned DKIM from a trusted server'}`, `            ${sender.detail}`];
	const top = sender.topAuthservId;
	if (top === null) lines.push('Auth-Serv:  (no Authentication-Results header in this mail)');
	else if (sender.trustedAuthservIds.includes(top.toLowerCase())) lines.push(`Auth-Serv:  ${top} (topmost Authentication-Results; trusted)`);
	else {
		lines.push(`Auth-Serv:  ${top} (topmost Authentication-Results; not trusted)`);
		lines.push(`            If this mail reached your service mailbox from your own address, that is your mail server: taskping config set TASKPING_AUTHSERV_ID ${top}`);
	}
	return lines;
}
