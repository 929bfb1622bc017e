/**
 * A real mail server for end-to-end tests: Debian's Dovecot (IMAP with IDLE
 * and CONDSTORE, LMTP, SASL for Postfix) and Postfix (SMTP), each run from its
 * own config in a fresh temp dir, on free high ports of 127.0.0.1 only.
 *
 * Mail submitted with SMTP AUTH gets a Postfix access-table PREPEND keyed on
 * the SASL login (check_sasl_access):
 *   Authentication-Results: <authservId>; auth=pass smtp.auth=<login>;
 *     dkim=pass header.d=<login domain>; dmarc=pass header.from=<login domain>
 * (one line). Mail handed over without AUTH (a "remote MX" delivery) gets
 *   Authentication-Results: <authservId>; auth=none; dkim=none; dmarc=none
 * so the topmost Authentication-Results of every delivered mail is the
 * server's own and only authenticated mail carries pass results.
 *
 * Needs root and the packages of scripts/install-system-deps.sh. Every daemon
 * runs under a small sh supervisor that ends it when the Node process goes
 * away (even on SIGKILL); stop(), process exit and SIGINT/SIGTERM/SIGHUP kill
 * everything and remove the temp dir.
 *
 * This file starts and stops a server; the jobs
 * behind it live next to it: mail-processes.ts (supervised daemons, orphan
 * sweep), mail-layout.ts (the run's files), dovecot.ts and postfix.ts (their
 * configs), mail-clients.ts (SMTP, IMAP and waiting for mail). Callers
 * import from here only.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDovecotConfig } from './dovecot.js';
import { domainOf, HOST, makeLayout, MYHOSTNAME, type Layout } from './mail-layout.js';
import { Daemon, DIR_PREFIX, killAll, lookupId, OWNER_FILE, processIdentity, sleep, sleepSync, SUPERVISOR, sweepOrphans, tail } from './mail-processes.js';
import { getFreePort, readGreeting } from './ports.js';
import { writePostfixConfig } from './postfix.js';

export interface MailAccount { address: string; password: string }

export interface MailServer {
	host: '127.0.0.1';
	smtpPort: number;
	imapPort: number;
	dir: string;
	/** The receiving server's authserv-id used in Authentication-Results. */
	authservId: string;
	/** The mail domains the server accepts mail for (the accounts' domains). */
	domains: string[];
	/** Kill everything, remove the temp dir. */
	stop(): Promise<void>;
	/**
	 * Stop and start Dovecot (same ports, same mail). IMAP, LMTP and SASL are
	 * down meanwhile (a few hundred ms), and so is SMTP: Postfix's smtpd cannot
	 * run without its Dovecot SASL socket.
	 */
	restartImap(): Promise<void>;
	/** Take Postfix down (the SMTP port refuses connections). */
	stopSmtp(): Promise<void>;
	/** Bring Postfix up again on the same port. */
	startSmtp(): Promise<void>;
	/** The last lines of the Dovecot and Postfix logs, for failure messages. */
	logTail(lines?: number): string;
}

export interface StartMailServerOptions {
	accounts: MailAccount[];
	/** Default: mx.taskping.test */
	authservId?: string;
}

const POSTFIX_MASTER = '/usr/lib/postfix/sbin/master';
const DOVECOT = '/usr/sbin/dovecot';
const STARTUP_TIMEOUT_MS = 15_000;

function validateAccounts(accounts: MailAccount[]): void {
	if (accounts.length === 0) throw new Error('mail-server: give at least one account');
	const seen = new Set<string>();
	for (const { address, password } of accounts) {
		if (!/^[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(address)) {
			throw new Error(`mail-server: account address ${JSON.stringify(address)} is not a plain local@domain.tld`);
		}
		if (password.length === 0 || /[:\s]/.test(password)) {
			throw new Error(`mail-server: password of ${address} must be non-empty without ':' or whitespace`);
		}
		if (seen.has(address.toLowerCase())) throw new Error(`mail-server: account ${address} given twice`);
		seen.add(address.toLowerCase());
	}
}

function validateAuthservId(id: string): void {
	if (!/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(id)) {
		throw new Error(`mail-server: authservId ${JSON.stringify(id)} must be a token like mx.example.test`);
	}
}

// ---------------------------------------------------------------------------
// cleanup on process exit

const live = new Set<Server>();
let exitHooksInstalled = false;

function cleanupAllSync(): void {
	for (const server of live) server.killSync();
	live.clear();
}

function installExitHooks(): void {
	if (exitHooksInstalled) return;
	exitHooksInstalled = true;
	process.on('exit', cleanupAllSync);
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		const handler = (): void => {
			cleanupAllSync();
			process.off(signal, handler);
			process.kill(process.pid, signal);
		};
		process.on(signal, handler);
	}
}

// ---------------------------------------------------------------------------
// the server

class Server implements MailServer {
	readonly host = HOST;
	private readonly dovecot: Daemon;
	private readonly postfix: Daemon;
	private stopped = false;

	constructor(
		readonly dir: string,
		readonly smtpPort: number,
		readonly imapPort: number,
		readonly authservId: string,
		readonly domains: string[],
		private readonly layout: Layout,
	) {
		this.dovecot = new Daemon('dovecot', layout.supervisor, join(dir, 'dovecot.session.pid'), [DOVECOT, '-F', '-c', layout.dovecotConf], layout.dovecotStderr);
		this.postfix = new Daemon('postfix', layout.supervisor, join(dir, 'postfix.session.pid'), [POSTFIX_MASTER, '-c', layout.postfixEtc, '-s'], layout.postfixStderr);
	}

	logTail(lines = 25): string {
		const l = this.layout;
		return [
			`--- dovecot log (${l.dovecotLog}) ---`, tail(l.dovecotLog, lines),
			`--- dovecot stderr ---`, tail(l.dovecotStderr, lines),
			`--- postfix log (${l.postfixLog}) ---`, tail(l.postfixLog, lines),
			`--- postfix stderr ---`, tail(l.postfixStderr, lines),
		].join('\n');
	}

	private async waitReady(daemon: Daemon, ready: () => Promise<boolean>): Promise<void> {
		const deadline = Date.now() + STARTUP_TIMEOUT_MS;
		let lastError = '';
		while (Date.now() < deadline) {
			try {
				if (await ready()) return;
			} catch (error) {
				lastError = (error as Error).message;
			}
			if (!daemon.running) {
				await sleep(100); // let the log catch up
				throw new Error(`mail-server: ${daemon.name} exited during startup${lastError ? ` (${lastError})` : ''}\n${this.logTail()}`);
			}
			await sleep(30);
		}
		throw new Error(`mail-server: ${daemon.name} not ready within ${STARTUP_TIMEOUT_MS} ms${lastError ? ` (${lastError})` : ''}\n${this.logTail()}`);
	}

	async startDovecot(): Promise<void> {
		this.assertNotStopped();
		this.dovecot.start();
		await this.waitReady(this.dovecot, async () => {
			if (!existsSync(this.layout.lmtpSocket) || !existsSync(this.layout.authSocket)) return false;
			const greeting = await readGreeting(this.imapPort);
			if (!greeting.startsWith('* OK')) throw new Error(`unexpected IMAP greeting ${JSON.stringify(greeting)}`);
			return true;
		});
	}

	async startSmtp(): Promise<void> {
		this.assertNotStopped();
		if (this.postfix.running) return;
		this.postfix.start();
		await this.waitReady(this.postfix, async () => {
			const greeting = await readGreeting(this.smtpPort);
			if (!greeting.startsWith('220 ')) throw new Error(`unexpected SMTP greeting ${JSON.stringify(greeting)}`);
			return true;
		});
	}

	async stopSmtp(): Promise<void> {
		await this.postfix.stop();
	}

	async restartImap(): Promise<void> {
		this.assertNotStopped();
		await this.dovecot.stop();
		await this.startDovecot();
	}

	async stop(): Promise<void> {
		if (this.stopped) return;
		this.stopped = true;
		await Promise.all([this.postfix.stop(), this.dovecot.stop()]);
		live.delete(this);
		await rm(this.dir, { recursive: true, force: true });
	}

	/** Live processes of this server (supervisors and everything in the daemons' sessions). */
	processes(): number[] {
		return [...this.postfix.processes(), ...this.dovecot.processes()];
	}

	/** For process exit: runs even while an async stop() is under way. */
	killSync(): void {
		this.stopped = true;
		this.postfix.killSync('SIGTERM');
		this.dovecot.killSync('SIGTERM');
		const deadline = Date.now() + 2000;
		while (this.processes().length > 0 && Date.now() < deadline) sleepSync(20);
		killAll(this.processes(), 'SIGKILL');
		try {
			rmSync(this.dir, { recursive: true, force: true });
		} catch {
			// best effort at exit
		}
	}

	private assertNotStopped(): void {
		if (this.stopped) throw new Error('mail-server: this server was stopped');
	}
}

/**
 * PIDs of the Dovecot/Postfix processes (and their supervisors) of this
 * server that are still alive — empty after stop().
 */
export function listServerProcesses(server: MailServer): number[] {
	if (!(server instanceof Server)) throw new Error('listServerProcesses: not a server from startMailServer()');
	return server.processes();
}

async function startOnce(accounts: MailAccount[], authservId: string): Promise<Server> {
	const dir = mkdtempSync(join(tmpdir(), DIR_PREFIX));
	chmodSync(dir, 0o755); // the daemons' unprivileged users must reach their sockets
	writeFileSync(join(dir, OWNER_FILE), `${processIdentity(process.pid)}\n`);
	const layout = makeLayout(dir);
	mkdirSync(layout.logs, { mode: 0o755 });
	writeFileSync(layout.supervisor, SUPERVISOR, { mode: 0o755 });
	const smtpPort = await getFreePort();
	const imapPort = await getFreePort();
	const mail = lookupId('/etc/passwd', 'mail');
	const domains = [...new Set(accounts.map((a) => domainOf(a.address)))].sort();
	writeDovecotConfig(layout, imapPort, accounts, mail.id, mail.gid);
	writePostfixConfig(layout, smtpPort, accounts, domains, authservId);
	const server = new Server(dir, smtpPort, imapPort, authservId, domains, layout);
	live.add(server);
	try {
		await server.startDovecot();
		await server.startSmtp();
	} catch (error) {
		await server.stop().catch(() => undefined);
		throw error;
	}
	return server;
}

export async function startMailServer(opts: StartMailServerOptions): Promise<MailServer> {
	const authservId = opts.authservId ?? MYHOSTNAME;
	validateAccounts(opts.accounts);
	validateAuthservId(authservId);
	if (process.getuid?.() !== 0) throw new Error('mail-server: needs root (Dovecot and Postfix drop privileges themselves)');
	for (const bin of [DOVECOT, POSTFIX_MASTER, '/usr/lib/dovecot/lmtp', '/usr/lib/dovecot/imap']) {
		if (!existsSync(bin)) throw new Error(`mail-server: ${bin} is missing; run scripts/install-system-deps.sh`);
	}
	installExitHooks();
	sweepOrphans();
	// A port picked free can be taken by another process before the daemon binds it: retry with new ports.
	for (let attempt = 1; ; attempt++) {
		try {
			return await startOnce(opts.accounts, authservId);
		} catch (error) {
			if (attempt >= 3 || !/Address already in use/i.test((error as Error).message)) throw error;
		}
	}
}

// The clients tests use against a running server live in mail-clients.ts; callers import them from here.
export { appendRaw, deliverUnauthenticated, imapClient, listMail, type MailMatchInput, submitRaw, waitForMail } from './mail-clients.js';
