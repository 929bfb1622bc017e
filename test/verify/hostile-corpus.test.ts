// The hostile corpus through the watcher's whole handling (parse, decide,
// guards, act, answer) offline: the mail server's stamp is prepended as the
// test server would, tmux is a recorder. The end-to-end suite sends the same
// mails through the real server into a real pane.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveConfig } from '../../src/config/validate.js';
import { resolvePaths } from '../../src/fs/paths.js';
import { saveSession, type SessionRecord } from '../../src/session/store.js';
import { generateToken } from '../../src/session/token.js';
import { handleMessage } from '../../src/watch/handle.js';
import { buildMail, CORPUS, stampFor, type Fill } from '../fixtures/hostile/corpus.js';

const home = mkdtempSync(join(tmpdir(), 'tp-corpus-'));
const paths = resolvePaths({ TASKPING_HOME: home });
const now = new Date();
const record = (token: string, expiresIn: number): SessionRecord => ({
	token, tmux: { socket: '/tmp/none', pane: '%1' }, claudeSessionId: 's', claudeConfigDir: null, cwd: '/work/proj', transcriptPath: '',
	createdAt: now.toISOString(), refreshedAt: now.toISOString(), expiresAt: new Date(now.getTime() + expiresIn).toISOString(), recipients: ['alice@users.test'], messageIds: [],
});
const fill: Fill = { token: generateToken(), notifyId: '', expired: generateToken(), other: generateToken(), mark: (name) => join(home, `PWNED-${name}`), messageId: (name) => `<${name}.${Date.now()}@users.test>` };
fill.notifyId = `<taskping.${fill.token}.abc@host.taskping>`;
saveSession(paths.sessionsDir, record(fill.token, 3600_000));
saveSession(paths.sessionsDir, record(fill.expired, -1000));
saveSession(paths.sessionsDir, record(fill.other, 3600_000));

const config = resolveConfig({}, {
	SMTP_HOST: '127.0.0.1', SMTP_USER: 'service@taskping.test', SMTP_PASS: 'x', IMAP_HOST: '127.0.0.1', EMAIL_TO: 'alice@users.test', ALLOWED_SENDERS: 'alice@users.test', EMAIL_FROM: 'service@taskping.test',
	TASKPING_AUTHSERV_ID: 'mx.taskping.test', TASKPING_CONFIRM_BY_CODE: 'true', TASKPING_RATE_PER_SENDER: '1000', TASKPING_RATE_PER_SESSION: '100', TASKPING_ALLOW_ALWAYS: 'false', TASKPING_ENTER_DELAY_MS: '1',
});
const tmuxCalls: string[][] = [];
const answers: string[] = [];

async function handle(raw: Buffer) {
	return handleMessage(raw, null, {
		paths, config, log: () => {},
		inject: { tmux: async (_socket, args) => { tmuxCalls.push(args); return ''; }, busyWaitMs: 0 },
		answer: (mail) => answers.push(JSON.stringify(mail)),
	});
}

for (const entry of CORPUS) {
	test(`${entry.name}: refused (${entry.expect.join(' or ')}), nothing reaches tmux`, async () => {
		const raw = Buffer.concat([Buffer.from(stampFor(entry.via)), buildMail(entry, fill)]);
		const before = answers.length;
		const started = Date.now();
		const handled = await handle(raw);
		assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
		if (process.env.CORPUS_TIMES) console.log(entry.name, Date.now() - started, "ms");
		assert.is(handled.typed, false);
		assert.equal(tmuxCalls, [], `tmux was called; reasons: ${handled.reasons.join(', ')}; text: ${JSON.stringify(handled.decision?.text?.slice(0, 80))}`);
		assert.ok(handled.reasons.some((r) => entry.expect.includes(r)), `reasons: ${handled.reasons.join(', ')}`);
		if (entry.answered !== 'either') assert.is(answers.length - before, entry.answered ? 1 : 0, 'answered');
		for (const answer of answers.slice(before)) assert.equal(JSON.parse(answer).to, ['alice@users.test'], 'never sent towards the attacker');
	});
}

test.after(() => rmSync(home, { recursive: true, force: true }));
test.run();
