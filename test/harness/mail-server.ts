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
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { getFreePort, readGreeting } from './ports.js';

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
const MYHOSTNAME = 'mx.taskping.test';
const STARTUP_TIMEOUT_MS = 15_000;
const HOST = '127.0.0.1' as const;

// Supervisor: `supervise.sh PIDFILE CMD ARGS...` runs CMD in a session of its
// own (so every process the daemon starts can be found by its session id, even
// after the daemon's master died), writes the daemon's pid to PIDFILE, and ends
// the daemon (SIGTERM) when stdin reaches EOF — the Node process that started
// it closed the pipe or died, even by SIGKILL — or on SIGTERM/SIGINT/SIGHUP.
const SUPERVISOR = `#!/bin/sh
pidfile=$1
shift
exec 3<&0 </dev/null
setsid /bin/sh -c 'echo $$ > "$0" && exec "$@"' "$pidfile" "$@" 3<&- &
child=$!
trap 'kill -TERM "$child" 2>/dev/null' TERM INT HUP
( while read -r _ <&3; do :; done; kill -TERM "$child" 2>/dev/null ) &
watcher=$!
exec 3<&-
status=0
while kill -0 "$child" 2>/dev/null; do
	wait "$child"
	status=$?
done
kill "$watcher" 2>/dev/null
exit "$status"
`;

// ---------------------------------------------------------------------------
// small helpers

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function sleepSync(ms: number): void {
	Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function lookupId(file: '/etc/passwd' | '/etc/group', name: string): { id: number; gid: number } {
	for (const line of readFileSync(file, 'utf8').split('\n')) {
		const fields = line.split(':');
		if (fields[0] === name && fields[2] !== undefined) {
			return { id: Number(fields[2]), gid: Number(fields[3] ?? fields[2]) };
		}
	}
	throw new Error(`mail-server: no ${file === '/etc/passwd' ? 'user' : 'group'} "${name}" on this machine; run scripts/install-system-deps.sh`);
}

function tail(file: string, lines: number): string {
	try {
		const text = readFileSync(file, 'utf8').trimEnd();
		return text.split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}

const domainOf = (address: string): string => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

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
// processes of a run: the supervisors, their watcher subshells, and every
// process in the daemons' sessions

interface ProcInfo { pid: number; ppid: number; sid: number }

function liveProcesses(): ProcInfo[] {
	const result: ProcInfo[] = [];
	let entries: string[];
	try {
		entries = readdirSync('/proc');
	} catch {
		return result;
	}
	for (const entry of entries) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			// pid (comm) state ppid pgrp session ...
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			const state = fields[0];
			if (state === 'Z' || state === 'X') continue;
			result.push({ pid: Number(entry), ppid: Number(fields[1]), sid: Number(fields[3]) });
		} catch {
			// gone meanwhile
		}
	}
	return result;
}

/** "pid starttime" of a process, which names it uniquely across pid reuse; null when it is gone. */
function processIdentity(pid: number): string | null {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return `${pid} ${fields[19]}`;
	} catch {
		return null;
	}
}

const OWNER_FILE = 'owner';
const DIR_PREFIX = 'taskping-mail-';

/**
 * Removes the temp dirs (and kills the daemons) of servers whose Node process
 * died without cleaning up (SIGKILL): a dir is garbage only when its owner
 * file names a process that no longer exists.
 */
function sweepOrphans(): void {
	let names: string[];
	try {
		names = readdirSync(tmpdir()).filter((n) => n.startsWith(DIR_PREFIX));
	} catch {
		return;
	}
	for (const name of names) {
		const dir = join(tmpdir(), name);
		try {
			const owner = readFileSync(join(dir, OWNER_FILE), 'utf8').trim();
			if (processIdentity(Number(owner.split(' ')[0])) === owner) continue; // owner alive
			const sessions = new Set<number>();
			for (const file of readdirSync(dir).filter((f) => f.endsWith('.session.pid'))) {
				const pid = Number(readFileSync(join(dir, file), 'utf8').trim());
				if (pid > 1) sessions.add(pid);
			}
			killAll(processesOf(new Set(), sessions), 'SIGKILL');
			rmSync(dir, { recursive: true, force: true });
		} catch {
			// no owner file (not ours, or still being created) or already gone
		}
	}
}

function processesOf(supervisors: Set<number>, sessions: Set<number>): number[] {
	if (supervisors.size === 0 && sessions.size === 0) return [];
	return liveProcesses()
		.filter((p) => p.pid !== process.pid && (supervisors.has(p.pid) || supervisors.has(p.ppid) || sessions.has(p.sid)))
		.map((p) => p.pid);
}

function killAll(pids: number[], signal: NodeJS.Signals): void {
	for (const pid of pids) {
		try {
			process.kill(pid, signal);
		} catch {
			// already gone
		}
	}
}

// ---------------------------------------------------------------------------
// one supervised daemon

class Daemon {
	private child: ChildProcess | null = null;
	private exited: Promise<void> = Promise.resolve();
	/** Every supervisor pid and daemon session this Daemon ever started (across restarts). */
	readonly supervisors = new Set<number>();
	readonly sessions = new Set<number>();

	constructor(
		readonly name: string,
		private readonly supervisor: string,
		private readonly pidFile: string,
		private readonly command: string[],
		private readonly stderrFile: string,
	) {}

	get running(): boolean {
		return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
	}

	processes(): number[] {
		this.readPidFile();
		return processesOf(this.supervisors, this.sessions);
	}

	private readPidFile(): void {
		try {
			const pid = Number(readFileSync(this.pidFile, 'utf8').trim());
			if (pid > 1) this.sessions.add(pid);
		} catch {
			// not written yet
		}
	}

	start(): void {
		if (this.running) throw new Error(`mail-server: ${this.name} is already running`);
		rmSync(this.pidFile, { force: true });
		const errFd = openSync(this.stderrFile, 'a');
		try {
			const child = spawn('/bin/sh', [this.supervisor, this.pidFile, ...this.command], {
				stdio: ['pipe', errFd, errFd],
				env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C', TZ: process.env.TZ ?? 'UTC' },
			});
			this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
			child.once('error', () => undefined);
			child.unref();
			(child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
			if (child.pid) this.supervisors.add(child.pid);
			this.child = child;
		} finally {
			closeSync(errFd);
		}
	}

	/** SIGTERM the daemon and all its processes, wait for them; SIGKILL what is left after the grace time. */
	async stop(graceMs = 5000): Promise<void> {
		const child = this.child;
		if (child && this.running) child.stdin?.end();
		// Signal the daemon's children too: Dovecot's master otherwise waits ~1 s for them.
		killAll(this.processes(), 'SIGTERM');
		const deadline = Date.now() + graceMs;
		let timer: NodeJS.Timeout | undefined;
		await Promise.race([this.exited, new Promise<void>((resolve) => { timer = setTimeout(resolve, graceMs); })]);
		clearTimeout(timer);
		while (this.processes().length > 0 && Date.now() < deadline) await sleep(20);
		const left = this.processes();
		if (left.length > 0) {
			killAll(left, 'SIGKILL');
			const killDeadline = Date.now() + 2000;
			while (this.processes().length > 0 && Date.now() < killDeadline) await sleep(20);
		}
		this.child = null;
	}

	/** Synchronous best effort for process exit: signal everything of this daemon. */
	killSync(signal: NodeJS.Signals): void {
		killAll(this.processes(), signal);
	}
}

// ---------------------------------------------------------------------------
// configuration files

interface Layout {
	dir: string;
	logs: string;
	dovecotConf: string;
	dovecotUsers: string;
	dovecotBase: string;
	dovecotState: string;
	mail: string;
	lmtpSocket: string;
	authSocket: string;
	postfixEtc: string;
	postfixQueue: string;
	postfixData: string;
	dovecotLog: string;
	postfixLog: string;
	dovecotStderr: string;
	postfixStderr: string;
	supervisor: string;
}

function makeLayout(dir: string): Layout {
	const logs = join(dir, 'logs');
	const dovecotBase = join(dir, 'dovecot', 'run');
	return {
		dir,
		logs,
		dovecotConf: join(dir, 'dovecot', 'dovecot.conf'),
		dovecotUsers: join(dir, 'dovecot', 'users'),
		dovecotBase,
		dovecotState: join(dir, 'dovecot', 'state'),
		mail: join(dir, 'mail'),
		lmtpSocket: join(dovecotBase, 'lmtp'),
		authSocket: join(dovecotBase, 'auth-postfix'),
		postfixEtc: join(dir, 'postfix', 'etc'),
		postfixQueue: join(dir, 'postfix', 'queue'),
		postfixData: join(dir, 'postfix', 'data'),
		dovecotLog: join(logs, 'dovecot.log'),
		postfixLog: join(logs, 'postfix.log'),
		dovecotStderr: join(logs, 'dovecot.stderr'),
		postfixStderr: join(logs, 'postfix.stderr'),
		supervisor: join(dir, 'supervise.sh'),
	};
}

function writeDovecotConfig(l: Layout, imapPort: number, accounts: MailAccount[], mailUid: number, mailGid: number): void {
	mkdirSync(l.dovecotBase, { recursive: true, mode: 0o755 });
	mkdirSync(l.dovecotState, { recursive: true, mode: 0o755 });
	mkdirSync(l.mail, { recursive: true, mode: 0o700 });
	chownSync(l.mail, mailUid, mailGid);
	const users = accounts.map(({ address, password }) => {
		const domain = domainOf(address);
		const local = address.slice(0, address.lastIndexOf('@')).toLowerCase();
		return `${address.toLowerCase()}:{PLAIN}${password}:${mailUid}:${mailGid}::${join(l.mail, domain, local)}::\n`;
	});
	writeFileSync(l.dovecotUsers, users.join(''), { mode: 0o640 });
	chownSync(l.dovecotUsers, 0, lookupId('/etc/group', 'dovecot').id); // read by the auth process (user dovecot)
	writeFileSync(l.dovecotConf, `# generated by test/harness/mail-server.ts
base_dir = ${l.dovecotBase}
state_dir = ${l.dovecotState}
instance_name = taskping-test
log_path = ${l.dovecotLog}
info_log_path = ${l.dovecotLog}
debug_log_path = ${l.dovecotLog}
protocols = imap lmtp
listen = ${HOST}
hostname = ${MYHOSTNAME}
postmaster_address = postmaster@${MYHOSTNAME}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_verbose = yes
auth_failure_delay = 0
mail_location = maildir:~/Maildir
mail_fsync = never
first_valid_uid = ${mailUid}
last_valid_uid = ${mailUid}
first_valid_gid = ${mailGid}
last_valid_gid = ${mailGid}
mail_uid = ${mailUid}
mail_gid = ${mailGid}
imap_idle_notify_interval = 1 secs
mailbox_idle_check_interval = 1 secs
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%Lu ${l.dovecotUsers}
}
userdb {
  driver = passwd-file
  args = username_format=%Lu ${l.dovecotUsers}
}
service imap-login {
  inet_listener imap {
    address = ${HOST}
    port = ${imapPort}
  }
  inet_listener imaps {
    port = 0
  }
}
# no auth penalty: a test's deliberate wrong password must not slow later logins from 127.0.0.1
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service lmtp {
  unix_listener lmtp {
    mode = 0666
  }
}
service auth {
  unix_listener auth-postfix {
    mode = 0666
  }
}
`);
}

function writePostfixConfig(l: Layout, smtpPort: number, accounts: MailAccount[], domains: string[], authservId: string): void {
	const postfix = lookupId('/etc/passwd', 'postfix');
	const postdrop = lookupId('/etc/group', 'postdrop');
	mkdirSync(l.postfixEtc, { recursive: true, mode: 0o755 });
	mkdirSync(l.postfixQueue, { recursive: true, mode: 0o755 });
	for (const sub of ['active', 'bounce', 'corrupt', 'defer', 'deferred', 'flush', 'hold', 'incoming', 'private', 'saved', 'trace']) {
		const path = join(l.postfixQueue, sub);
		mkdirSync(path, { mode: 0o700 });
		chownSync(path, postfix.id, 0);
	}
	for (const [sub, mode] of [['maildrop', 0o1730], ['public', 0o2710]] as const) {
		const path = join(l.postfixQueue, sub);
		mkdirSync(path);
		chownSync(path, postfix.id, postdrop.id);
		chmodSync(path, mode);
	}
	mkdirSync(join(l.postfixQueue, 'pid'), { mode: 0o755 });
	mkdirSync(l.postfixData, { mode: 0o700 });
	chownSync(l.postfixData, postfix.id, postfix.gid);

	const etc = l.postfixEtc;
	const lower = accounts.map((a) => a.address.toLowerCase());
	writeFileSync(join(etc, 'vmailbox'), lower.map((a) => `${a} ok\n`).join(''));
	writeFileSync(join(etc, 'sender-logins'), lower.map((a) => `${a} ${a}\n`).join(''));
	writeFileSync(join(etc, 'sasl-results'), lower.map((a) => {
		const d = domainOf(a);
		return `${a} PREPEND Authentication-Results: ${authservId}; auth=pass smtp.auth=${a}; dkim=pass header.d=${d}; dmarc=pass header.from=${d}\n`;
	}).join(''));
	writeFileSync(join(etc, 'anon-results'), `0.0.0.0/0 PREPEND Authentication-Results: ${authservId}; auth=none; dkim=none; dmarc=none\n`);
	writeFileSync(join(etc, 'main.cf'), `# generated by test/harness/mail-server.ts
compatibility_level = 3.6
queue_directory = ${l.postfixQueue}
data_directory = ${l.postfixData}
mail_owner = postfix
setgid_group = postdrop
maillog_file = ${l.postfixLog}
maillog_file_prefixes = ${l.logs}
myhostname = ${MYHOSTNAME}
mydomain = taskping.test
myorigin = $myhostname
mydestination =
relay_domains =
mynetworks = 127.0.0.1/32
inet_interfaces = ${HOST}
inet_protocols = ipv4
smtp_dns_support_level = disabled
lmtp_dns_support_level = disabled
smtpd_peername_lookup = no
alias_maps =
alias_database =
local_recipient_maps =
local_transport = error:local delivery is disabled in tests
default_transport = error:outbound mail is disabled in tests
relay_transport = error:relaying is disabled in tests
virtual_mailbox_domains = ${domains.join(' ')}
virtual_mailbox_maps = texthash:${join(etc, 'vmailbox')}
virtual_alias_maps =
virtual_transport = lmtp:unix:${l.lmtpSocket}
smtpd_banner = $myhostname ESMTP
biff = no
append_dot_mydomain = no
smtputf8_enable = no
local_header_rewrite_clients =
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = ${l.authSocket}
smtpd_sasl_security_options = noanonymous
smtpd_tls_security_level = none
smtpd_tls_auth_only = no
smtpd_sender_login_maps = texthash:${join(etc, 'sender-logins')}
smtpd_client_restrictions =
smtpd_helo_restrictions =
smtpd_sender_restrictions = reject_authenticated_sender_login_mismatch
smtpd_relay_restrictions = reject_unauth_destination
smtpd_recipient_restrictions =
smtpd_data_restrictions = check_sasl_access texthash:${join(etc, 'sasl-results')}, permit_sasl_authenticated, check_client_access cidr:${join(etc, 'anon-results')}
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
transport_retry_time = 1s
delay_warning_time = 0
smtpd_error_sleep_time = 0
service_throttle_time = 1s
in_flow_delay = 0
`);
	// Postfix re-reads a main.cf modified within the last seconds until it looks settled
	// (about 2 s of 300 ms sleeps): date the generated files back so the first start is instant.
	const past = new Date(Date.now() - 60_000);
	writeFileSync(join(etc, 'master.cf'), `# generated by test/harness/mail-server.ts — no chroot, one smtpd on loopback
${HOST}:${smtpPort} inet n - n - - smtpd
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
proxymap  unix  -       -       n       -       -       proxymap
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
`);
	for (const file of readdirSync(etc)) utimesSync(join(etc, file), past, past);
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

// ---------------------------------------------------------------------------
// clients

async function sendSmtp(server: MailServer, auth: MailAccount | null, from: string, rcpt: string[], raw: string | Buffer): Promise<void> {
	if (rcpt.length === 0) throw new Error('mail-server: give at least one recipient');
	const transport = nodemailer.createTransport({
		host: server.host,
		port: server.smtpPort,
		secure: false,
		ignoreTLS: true,
		name: auth ? 'client.taskping.test' : 'mx.remote.test',
		...(auth ? { auth: { user: auth.address, pass: auth.password } } : {}),
		connectionTimeout: 5000,
		greetingTimeout: 5000,
		socketTimeout: 15000,
		logger: false,
	});
	try {
		await transport.sendMail({ envelope: { from, to: rcpt }, raw });
	} finally {
		transport.close();
	}
}

/** Submit a raw RFC 5322 message through SMTP with AUTH as `auth` (envelope from = that account). */
export async function submitRaw(server: MailServer, auth: MailAccount, rcpt: string[], raw: string | Buffer): Promise<void> {
	await sendSmtp(server, auth, auth.address, rcpt, raw);
}

/** Hand a raw message to the MTA with NO authentication, like a remote MX would (for forged/hostile mail). */
export async function deliverUnauthenticated(server: MailServer, envelopeFrom: string, rcpt: string[], raw: string | Buffer): Promise<void> {
	await sendSmtp(server, null, envelopeFrom, rcpt, raw);
}

/** A plain IMAP client for one account on the test server (no IDLE; errors reject the pending command). */
export function imapClient(server: MailServer, account: MailAccount, socketTimeout = 30_000): ImapFlow {
	const client = new ImapFlow({
		host: server.host,
		port: server.imapPort,
		secure: false,
		doSTARTTLS: false,
		auth: { user: account.address, pass: account.password },
		logger: false,
		disableAutoIdle: true,
		connectionTimeout: 5000,
		greetingTimeout: 5000,
		socketTimeout,
	});
	client.on('error', () => undefined); // errors also reject the pending command
	return client;
}

async function closeClient(client: ImapFlow): Promise<void> {
	try {
		await client.logout();
	} catch {
		client.close();
	}
}

/** IMAP APPEND into an account's INBOX. */
export async function appendRaw(server: MailServer, account: MailAccount, raw: string | Buffer): Promise<void> {
	const client = imapClient(server, account);
	await client.connect();
	try {
		const result = await client.append('INBOX', raw);
		if (!result) throw new Error(`mail-server: APPEND to ${account.address} INBOX failed`);
	} finally {
		await closeClient(client);
	}
}

export interface MailMatchInput { uid: number; subject: string; raw: string }

/**
 * Waits until a message that `match` accepts is in the account's INBOX (oldest
 * first, already present messages included) and returns it. Polls with NOOP
 * every 150 ms over one IMAP connection (reconnecting if the server goes away),
 * for at most timeoutMs (default 10 s); on timeout the error lists the
 * subjects present.
 */
export async function waitForMail(
	server: MailServer,
	account: MailAccount,
	match: (m: MailMatchInput) => boolean,
	timeoutMs = 10_000,
): Promise<{ uid: number; raw: string; subject: string }> {
	const deadline = Date.now() + timeoutMs;
	const seen = new Map<number, string>(); // uid -> subject
	let lastUid = 0;
	let knownValidity: bigint | null = null;
	let lastError = '';
	let found: { uid: number; raw: string; subject: string } | null = null;
	let matchError: { error: unknown } | null = null;
	while (Date.now() < deadline && !found && !matchError) {
		const client = imapClient(server, account);
		try {
			await client.connect();
			const lock = await client.getMailboxLock('INBOX');
			try {
				while (Date.now() < deadline) {
					const mailbox = client.mailbox;
					if (!mailbox) throw new Error('INBOX is not selected');
					if (knownValidity !== mailbox.uidValidity) {
						knownValidity = mailbox.uidValidity;
						lastUid = 0;
						seen.clear();
					}
					if (mailbox.exists > 0) {
						const messages = await client.fetchAll(`${lastUid + 1}:*`, { uid: true, envelope: true, source: true }, { uid: true });
						for (const message of messages.sort((a, b) => a.uid - b.uid)) {
							if (message.uid <= lastUid) continue;
							lastUid = message.uid;
							const candidate = { uid: message.uid, subject: message.envelope?.subject ?? '', raw: message.source?.toString('utf8') ?? '' };
							seen.set(candidate.uid, candidate.subject);
							try {
								if (match(candidate)) found = candidate;
							} catch (error) {
								matchError = { error };
							}
							if (found || matchError) break;
						}
						if (found || matchError) break;
					}
					await sleep(150);
					await client.noop();
				}
			} finally {
				lock.release();
			}
		} catch (error) {
			lastError = (error as Error).message;
			await sleep(150);
		} finally {
			await closeClient(client);
		}
	}
	if (matchError) throw (matchError as { error: unknown }).error;
	if (found) return found;
	const subjects = [...seen.values()].map((s) => JSON.stringify(s)).join(', ');
	throw new Error(
		`waitForMail: no matching mail in ${account.address}'s INBOX within ${timeoutMs} ms; ` +
		`${seen.size} message(s) present: [${subjects}]${lastError ? `; last IMAP error: ${lastError}` : ''}`,
	);
}
