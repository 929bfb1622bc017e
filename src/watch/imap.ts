import { ImapFlow, type SearchObject } from 'imapflow';
import type { Config } from '../config/validate.js';
import type { Logger } from '../fs/log.js';
import { imapLoginOptions } from '../mail/transport.js';
import type { Claim } from './claim.js';
import { catchUp, newBacklog } from './catch-up.js';
import type { ImapPosition } from '../state/processed.js';
import type { ImapStatus } from '../state/status-file.js';
import type { IncomingMail } from './handle.js';
import { sleep } from '../sleep.js';

export interface MailboxDeps {
	config: Config;
	log: Logger;
	readPosition: () => ImapPosition;
	writePosition: (position: ImapPosition) => void;
	/**
	 * Handles one new message, given its header block (the body is fetched
	 * only on request); `claim` claims it on the server (call it only for
	 * mail that is ours). Returns true when it may be flagged \Seen.
	 */
	handle: (incoming: IncomingMail, claim: () => Promise<Claim>) => Promise<boolean>;
	/** This watcher's claim keyword (see claim.ts). */
	claimKeyword: string;
	/** Called once a connection is ready and caught up (tests, status). */
	onReady?: () => void;
	/** Connection state for the status file. */
	onStatus?: (patch: Partial<ImapStatus>) => void;
	signal: AbortSignal;
	createClient?: (config: Config) => ImapFlow;
	/** How often the wall clock is checked for a jump (the machine slept). */
	sleepCheckMs?: number;
	/** The SEARCH for mail that looks like the user's reply (triage.ts): such mail is handled ahead of a backlog. */
	triageQuery?: () => SearchObject | null;
}

export function createImapClient(config: Config): ImapFlow {
	return new ImapFlow({
		...imapLoginOptions(config),
		// imapflow only enters IDLE after this much quiet (15 s by default): a reply
		// arriving before that waits for the next poll. Keep it short.
		autoIdleDelay: config.idleDelayMs,
		// Break IDLE regularly so a silently dead connection is noticed.
		maxIdleTime: 5 * 60 * 1000,
		// A connection that vanished without a FIN (Wi-Fi gone, NAT dropped it): after 2 quiet
		// minutes imapflow probes with NOOP and closes when that goes unanswered too, so the
		// watcher reconnects within about 4 minutes instead of 10.
		socketTimeout: 2 * 60 * 1000,
	});
}

/**
 * One connection's life: connect, open INBOX, catch up, then react to EXISTS
 * pushed during IDLE. Resolves when the connection closes, after the work in
 * hand is finished (so the next connection never handles a message twice at once).
 */
async function runConnection(deps: MailboxDeps): Promise<void> {
	const status = deps.onStatus ?? (() => {});
	const client = (deps.createClient ?? createImapClient)(deps.config);
	const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
	client.on('error', (error: Error) => deps.log('warn', 'imap-error', { error: error.message }));
	const onAbort = () => client.logout().catch(() => client.close());
	deps.signal.addEventListener('abort', onAbort, { once: true });
	let queue: Promise<void> = Promise.resolve();
	const sleepCheck = watchForSleep(deps, () => client.close());
	try {
		status({ state: 'connecting' });
		await client.connect();
		await client.mailboxOpen('INBOX');
		const capabilities = { idle: client.capabilities.has('IDLE'), condstore: client.enabled.has('CONDSTORE'), keywords: Boolean(client.mailbox && client.mailbox.permanentFlags?.has('\\*')) };
		if (!capabilities.idle) deps.log('warn', 'imap-no-idle', { host: deps.config.imap.host, effect: 'new mail is noticed by polling, more slowly' });
		status({ state: 'catching-up', capabilities });
		// Listen before the first catch-up: mail arriving while it runs must not wait for the next EXISTS.
		// Serialised: each catch-up starts where the previous one stopped. Coalesced: a flood
		// pushes one EXISTS per mail, and a catch-up already waiting to start will see them all
		// (a running one looks for new mail between batches itself).
		const backlog = newBacklog();
		let scheduled = false;
		client.on('exists', () => {
			status({ lastIdleEvent: { kind: 'exists', at: new Date().toISOString() } });
			if (scheduled) return;
			scheduled = true;
			queue = queue.then(() => {
				scheduled = false;
				return catchUp(client, deps, backlog);
			}).catch((error: Error) => {
				deps.log('error', 'catch-up-failed', { error: error.message });
				status({ lastError: error.message });
				client.close();
			});
		});
		queue = queue.then(() => catchUp(client, deps, backlog));
		await queue;
		deps.log('info', 'watching', { host: deps.config.imap.host, mailbox: 'INBOX' });
		status({ state: 'idle', lastError: null, nextRetryAt: null, lastIdleEvent: { kind: 'idle-start', at: new Date().toISOString() } });
		deps.onReady?.();
		await closed;
	} finally {
		clearInterval(sleepCheck);
		deps.signal.removeEventListener('abort', onAbort);
		client.close();
		await queue.catch(() => undefined);
	}
}

/**
 * A laptop that slept holds a connection the server dropped long ago, and
 * IDLE may not notice for minutes: when the wall clock jumps past the check
 * interval by more than 30 s, drop the connection and catch up afresh.
 */
function watchForSleep(deps: MailboxDeps, reconnect: () => void): NodeJS.Timeout {
	const every = deps.sleepCheckMs ?? 5000;
	let last = Date.now();
	const timer = setInterval(() => {
		const now = Date.now();
		if (now - last > every + 30_000) {
			deps.log('warn', 'clock-jump', { sleptMs: now - last - every, action: 'reconnecting' });
			reconnect();
		}
		last = now;
	}, every);
	timer.unref();
	return timer;
}

/** Reconnects forever with exponential backoff (1 s … 60 s), a new client per connection. */
export async function watchMailbox(deps: MailboxDeps): Promise<void> {
	const status = deps.onStatus ?? (() => {});
	let delay = 1000;
	let reconnects = 0;
	while (!deps.signal.aborted) {
		const started = Date.now();
		let lastError: string | null = null;
		try {
			await runConnection(deps);
			if (!deps.signal.aborted) deps.log('warn', 'imap-closed', { reconnectInMs: delay });
		} catch (error) {
			const err = error as Error & { authenticationFailed?: boolean; responseText?: string };
			const hint = err.authenticationFailed ? ' (login refused: check IMAP_USER/IMAP_PASS; most providers need an app password)' : '';
			lastError = `${err.responseText ?? err.message}${hint}`;
			deps.log('error', 'imap-failed', { error: lastError, reconnectInMs: delay });
		}
		if (deps.signal.aborted) break;
		if (Date.now() - started > 60_000) delay = 1000; // it had been up a while: start backoff afresh
		reconnects++;
		status({ state: 'reconnecting', reconnects, nextRetryAt: new Date(Date.now() + delay).toISOString(), ...(lastError ? { lastError } : {}) });
		await sleep(delay, deps.signal);
		delay = Math.min(delay * 2, 60_000);
	}
	status({ state: 'stopped', nextRetryAt: null });
}
