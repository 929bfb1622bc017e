import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { saveSession } from '../../src/session/store.js';

const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`../../../test/fixtures/replies/${name}`, import.meta.url));
const TOKEN = 'K7Q2XM9PA4B3C';

function setup() {
	const home = mkdtempSync(join(tmpdir(), 'tp-inspect-'));
	// The reply fixtures were written as mails to dana@example.com: that is the mailbox they are addressed to here.
	const env = { EMAIL_FROM: 'TaskPing <dana@example.com>', PATH: process.env.PATH, HOME: home, TASKPING_HOME: home, SMTP_HOST: 'smtp.x.test', SMTP_USER: 'bot@x.test', SMTP_PASS: 'pw', IMAP_HOST: 'imap.x.test', EMAIL_TO: 'dana@example.com', ALLOWED_SENDERS: 'dana@example.com', TASKPING_AUTHSERV_ID: 'mx.example.com', TASKPING_UNAUTHENTICATED_SENDERS: 'dana@example.com' };
	const now = new Date();
	saveSession(join(home, 'state', 'sessions'), {
		token: TOKEN, tmux: { socket: '/tmp/tmux-0/x', pane: '%1' }, claudeSessionId: 's', claudeConfigDir: null, cwd: '/home/dana/webapp', transcriptPath: '',
		createdAt: now.toISOString(), refreshedAt: now.toISOString(), expiresAt: new Date(now.getTime() + 3600_000).toISOString(), recipients: ['dana@example.com'], messageIds: [],
	});
	return { home, env };
}

const snapshot = (dir: string): string =>
	readdirSync(dir, { recursive: true }).map(String).sort().map((name) => { const s = statSync(join(dir, name)); return `${name}:${s.size}:${s.mtimeMs}`; }).join('\n');

test('inspect --json: one object with the decision, and no side effects', () => {
	const { home, env } = setup();
	const before = snapshot(home);
	const out = execFileSync(process.execPath, [CLI, 'inspect', fixture('apple-mail-macos-en-bottom-posted.eml'), '--json'], { env, encoding: 'utf8' });
	const result = JSON.parse(out);
	for (const key of ['messageId', 'from', 'token', 'automated', 'text', 'accepted', 'reasons']) assert.ok(key in result, key);
	assert.is(result.from, 'dana@example.com');
	assert.is(result.token, TOKEN);
	assert.is(result.automated, false);
	assert.is(result.text, readFileSync(fixture('apple-mail-macos-en-bottom-posted.expected.txt'), 'utf8').replace(/\n+$/, ''));
	assert.is(snapshot(home), before, 'inspect wrote nothing');
});

test('inspect: automated mail yields no text and says why; people get a readable verdict', () => {
	const { env } = setup();
	const auto = readdirSync(fileURLToPath(new URL('../../../test/fixtures/replies/', import.meta.url))).find((name) => /auto|ooo|out-of-office/i.test(name) && name.endsWith('.eml'))!;
	const result = JSON.parse(execFileSync(process.execPath, [CLI, 'inspect', fixture(auto), '--json'], { env, encoding: 'utf8' }));
	assert.is(result.automated, true);
	assert.is(result.text, null);
	assert.is(result.accepted, false);
	assert.ok(result.reasons.some((reason: string) => reason.startsWith('automated')), JSON.stringify(result.reasons));
	const human = execFileSync(process.execPath, [CLI, 'inspect', fixture(auto)], { env, encoding: 'utf8' });
	assert.match(human, /REJECTED/);
});

test('inspect --json shows how a reply to a permission token reads', () => {
	const { home, env } = setup();
	const token = 'P3RM1SS10N7KA';
	const now = new Date();
	saveSession(join(home, 'state', 'sessions'), {
		token, tmux: { socket: '/tmp/tmux-0/x', pane: '%1' }, claudeSessionId: 's', claudeConfigDir: null, cwd: '/home/dana/webapp', transcriptPath: '',
		createdAt: now.toISOString(), refreshedAt: now.toISOString(), expiresAt: new Date(now.getTime() + 3600_000).toISOString(), recipients: ['dana@example.com'], messageIds: [],
		dialog: { kind: 'permission', toolName: 'Bash', toolInput: { command: 'rm -r build' }, promptId: null, openedAt: now.toISOString() },
	});
	const read = (text: string, n: number, type = 'text/plain') => {
		const file = join(home, `reply-${n}.eml`);
		writeFileSync(file, [`From: Dana <dana@example.com>`, 'To: bot@x.test', `Subject: Re: [TaskPing #${token}] webapp: permission needed`, `Message-ID: <r${n}@example.com>`,
			`Date: ${now.toUTCString()}`, 'MIME-Version: 1.0', `Content-Type: ${type}; charset=utf-8`, 'Content-Transfer-Encoding: 8bit', '', text, ''].join('\r\n'));
		return JSON.parse(execFileSync(process.execPath, [CLI, 'inspect', file, '--json'], { env, encoding: 'utf8' })).answer;
	};
	assert.equal(read('no, use make', 1), { kind: 'permission', tool: 'Bash', reading: { kind: 'reject', feedback: 'use make' } });
	assert.equal(read('yes', 2).reading, { kind: 'approve' });
	assert.equal(read('always', 3).reading, { kind: 'approve-always' });
	const unclear = read('OK, no.', 4).reading;
	assert.is(unclear.kind, 'unclear');
	assert.match(unclear.why, /yes and no/);
	assert.match(unclear.why, /no, <what to do instead>/);
	// Approval is an allow-list: a yes with a note or a condition presses nothing, and says which words.
	const note = read('好的，先跑测试', 5).reading;
	assert.is(note.kind, 'unclear');
	assert.match(note.why, /"先", "跑", "测", "试"|more than a yes/);
	// Red team A2: the person's own "no" below a signature delimiter or in a client-marked signature is not cut away unseen.
	for (const [n, body, type] of [
		[6, "yes\n-- \nNo! don't delete build, it has the release artefacts", 'text/plain'],
		[7, '<div dir="ltr"><div>yes</div><div class="gmail_signature">no, don\'t run it</div></div>', 'text/html'],
		[8, '<div>yes</div><div class="moz-signature">-- <br>Later, after the backup</div>', 'text/html'],
	] as const) {
		const reading = read(body, n, type).reading;
		assert.is(reading.kind, 'unclear', body);
		assert.match(reading.why, /signature/);
		assert.match(reading.why, /yes \/ 批准/);
	}
	// An ordinary closing stays harmless: a name, a title, a phone number, a tagline.
	assert.equal(read('yes\n-- \nDana Whitfield\nStaff Engineer | Webapp\n+1 (555) 010-2233', 9).reading, { kind: 'approve' });
	assert.equal(read('<div>yes</div><div class="gmail_signature">Dana Whitfield<br>dana@example.com</div>', 10, 'text/html').reading, { kind: 'approve' });
	assert.equal(read('Yes, please.\n\nThanks,\nDana\n\nSent from my iPhone', 11).reading, { kind: 'approve' });
	assert.equal(read('no problem', 12).reading, { kind: 'approve' });
	assert.equal(read('没事，删吧', 13).reading.kind, 'unclear');
});

test('inspect of a missing file: one line naming it, exit 1', () => {
	const { env } = setup();
	try {
		execFileSync(process.execPath, [CLI, 'inspect', '/nonexistent/reply.eml'], { env, encoding: 'utf8', stdio: 'pipe' });
		assert.unreachable('should fail');
	} catch (error) {
		const { status, stderr } = error as { status: number; stderr: string };
		assert.is(status, 1);
		assert.match(stderr, /^taskping: Cannot read \/nonexistent\/reply\.eml: ENOENT\n$/);
	}
});

test('--help teaches every command', () => {
	const help = execFileSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' });
	for (const command of ['install', 'uninstall', 'watch', 'inspect', 'send-test', 'hook', 'config']) assert.ok(help.includes(command), command);
	const inspectHelp = execFileSync(process.execPath, [CLI, 'inspect', '--help'], { encoding: 'utf8' });
	assert.match(inspectHelp, /--json/);
});

test.run();
