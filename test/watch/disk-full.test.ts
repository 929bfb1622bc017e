/**
 * A full disk under the state dir (a small tmpfs): the watcher says so in
 * one clear line, acts on nothing it cannot record first, corrupts nothing,
 * and handles the reply once space is back. Needs root for the mount; skips
 * itself otherwise.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startMailServer, submitRaw, type MailServer } from '../harness/mail-server.js';
import { alice, gmailReply, mailSettings, service, startWatcher, taskping, waitFor, type Watcher } from '../e2e/setup.js';
import { saveSession } from '../../src/session/store.js';
import { generateToken } from '../../src/session/token.js';
import { resolvePaths } from '../../src/fs/paths.js';
import { readProcessed } from '../../src/state/processed.js';
import { guardSetup } from '../harness/setup-guard.js';

const disk = suite<{ mail?: MailServer; home: string; state: string; mounted: boolean; watcher?: Watcher }>('disk full');

/** Fills the file system with one file until ENOSPC; returns its path. */
function fill(dir: string): string {
	const file = join(dir, 'filler');
	const fd = openSync(file, 'w');
	const chunk = Buffer.alloc(4096, 1);
	try {
		for (;;) writeSync(fd, chunk);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
	} finally {
		closeSync(fd);
	}
	return file;
}

const parsesText = (text: string) => {
	try {
		JSON.parse(text);
		return true;
	} catch {
		return false;
	}
};
const parses = Object.assign((file: string) => !existsSync(file) || parsesText(readFileSync(file, 'utf8')), { text: parsesText });

disk.before(guardSetup('disk-full', async (context) => {
	context.home = mkdtempSync(join(tmpdir(), 'taskping-disk-'));
	context.state = join(context.home, 'state');
	mkdirSync(context.state);
	context.mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', context.state]).status === 0;
	if (!context.mounted) return;
	context.mail = await startMailServer({ accounts: [service, alice] });
}));

disk.after(async (context) => {
	if (process.env.TASKPING_E2E_DEBUG) console.log(context.watcher?.output());
	await context.watcher?.stop();
	await context.mail?.stop();
	if (context.mounted) spawnSync('umount', ['-l', context.state]);
	rmSync(context.home, { recursive: true, force: true });
});

disk('ENOSPC while a reply arrives: a clear error, nothing acted on or corrupted; handled once space is back', async (context) => {
	if (!context.mounted) {
		console.log('  (skipped: mounting a tmpfs needs root)');
		return;
	}
	const { mail, home, state } = context;
	const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, TASKPING_HOME: home, LANG: 'C.UTF-8' };
	const extra: Array<[string, string]> = [['TASKPING_IDLE_DELAY_MS', '200'], ['TASKPING_AUTHSERV_ID', mail!.authservId]];
	for (const [key, value] of [...mailSettings(mail!), ...extra]) taskping(['config', 'set', key, value], env);
	const token = generateToken();
	const now = new Date();
	// A session whose pane is gone: the reply is accepted, its intent recorded, then refused at the pane.
	saveSession(join(state, 'sessions'), {
		token, tmux: { socket: join(home, 'no-such-tmux-socket'), pane: '%1' }, claudeSessionId: 's-1', claudeConfigDir: null, cwd: '/work/proj', transcriptPath: '/nonexistent.jsonl',
		createdAt: now.toISOString(), refreshedAt: now.toISOString(), expiresAt: new Date(now.getTime() + 3_600_000).toISOString(), recipients: [alice.address], messageIds: [],
	});
	context.watcher = await startWatcher(env);
	const filler = fill(state);
	await submitRaw(mail!, alice, [service.address], gmailReply({ from: alice, subject: `[TaskPing #${token}] proj: done`, text: 'carry on', quoted: 'done', messageId: '<disk-full-1@users.test>' }));
	await waitFor('the watcher reports the full disk', () => /disk is full: free some space/.test(context.watcher!.output()), 15_000);
	assert.ok(parses(join(state, 'processed.json')) && parses(join(state, 'imap.json')), 'state files intact');
	assert.ok(!existsSync(join(state, 'processed.jsonl')) || readFileSync(join(state, 'processed.jsonl'), 'utf8').split('\n').every((line) => !line || parses.text(line)), 'journal holds whole lines only');
	assert.not.ok(existsSync(join(state, 'outcomes.jsonl')) && readFileSync(join(state, 'outcomes.jsonl'), 'utf8').includes('pane-gone'), 'nothing acted on');
	rmSync(filler);
	await waitFor('handled after space came back', () => existsSync(join(state, 'outcomes.jsonl')) && readFileSync(join(state, 'outcomes.jsonl'), 'utf8').includes('pane-gone'), 30_000);
	const processed = readProcessed(resolvePaths(env));
	assert.equal({ state: processed['<disk-full-1@users.test>']?.state, reasons: processed['<disk-full-1@users.test>']?.reasons }, { state: 'done', reasons: ['pane-gone'] });
	const errorLines = context.watcher!.output().split('\n').filter((line) => line.includes('disk is full'));
	assert.ok(errorLines.every((line) => line.length < 400), 'one short line each');
});

disk.run();
