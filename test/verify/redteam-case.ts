/**
 * The red team's fixture mails decided as `taskping inspect` decides them:
 * Maya's whitelisted address, a live session for every token (the permission
 * token 7V93BQWMK8007 carries a dialog). Shared by the red-team suites.
 */
import { readFileSync } from 'node:fs';
import { simpleParser } from 'mailparser';
import type { SessionRecord } from '../../src/session/store.js';
import { decideReply } from '../../src/verify/decide.js';

const DIR = new URL('../../../test/fixtures/redteam/', import.meta.url);
const now = new Date('2026-12-07T06:30:00Z');
const session = (token: string, dialog: boolean): SessionRecord => ({
	token, tmux: { socket: '/tmp/none', pane: '%1' }, claudeSessionId: 's', claudeConfigDir: null, cwd: '/work/proj', transcriptPath: '',
	createdAt: now.toISOString(), refreshedAt: now.toISOString(), expiresAt: new Date(now.getTime() + 3600_000).toISOString(), recipients: ['maya.chen@gmail.com'], messageIds: [],
	...(dialog ? { dialog: { kind: 'permission' } } : {}),
} as SessionRecord);

/** Decides test/fixtures/redteam/<name>.eml. */
export async function decideRedteamCase(name: string) {
	const raw = readFileSync(new URL(`${name}.eml`, DIR));
	return decideReply(await simpleParser(raw), {
		config: { allowedSenders: ['maya.chen@gmail.com'], maxReplyLength: 4000, authservId: 'mx.taskping.test', emailFrom: 'taskping@notify.devbox.example.net' },
		findSession: (token) => session(token, token === '7V93BQWMK8007'),
		isProcessed: () => false,
		now,
		raw,
	});
}
