// One-tap answers: the mailto: buttons of permission and question mails, sent
// as a phone's mail app sends them, go through the same decision as a typed
// answer — accepted only from a whitelisted, authenticated sender — and map to
// the dialog key they are labelled with.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { simpleParser } from 'mailparser';
import { parseHookEvent } from '../../src/claude/payload.js';
import { composeDialog } from '../../src/mail/compose-dialog.js';
import { composeNotification } from '../../src/mail/compose.js';
import type { SessionRecord } from '../../src/session/store.js';
import { readDialogAnswer } from '../../src/inject/act.js';
import { decideReply } from '../../src/verify/decide.js';

const SERVICE = 'service@taskping.test';
const ALICE = 'alice@users.test';
const TOKEN = 'A7NF7QGVGTKTV';
const config = { allowedSenders: [ALICE], maxReplyLength: 4000, authservId: 'mx.taskping.test' };

const permissionInput = { command: 'npm publish --access public', description: 'Publish 2.4.0' };
const questionInput = { questions: [{ question: 'Which colour?', header: 'Colour', options: [{ label: 'Red', description: 'r' }, { label: 'Blue & green', description: 'b' }], multiSelect: false }] };

function record(kind: 'permission' | 'question'): SessionRecord {
	return {
		token: TOKEN, tmux: { socket: '/s', pane: '%1' }, claudeSessionId: 's', claudeConfigDir: null, cwd: '/home/u/proj', transcriptPath: '',
		createdAt: '2026-12-07T04:00:00Z', refreshedAt: '2026-12-07T04:00:00Z', expiresAt: '2099-01-01T00:00:00Z', recipients: [ALICE], messageIds: [],
		dialog: kind === 'permission'
			? { kind, toolName: 'Bash', toolInput: permissionInput, promptId: null, openedAt: '2026-12-07T04:00:00Z' }
			: { kind, toolName: 'AskUserQuestion', toolInput: questionInput, promptId: null, openedAt: '2026-12-07T04:00:00Z' },
	};
}

function dialogMail(kind: 'permission' | 'question', language = 'en') {
	const session = record(kind);
	const event = parseHookEvent(JSON.stringify({ hook_event_name: 'PermissionRequest', session_id: 's', cwd: session.cwd, transcript_path: '', tool_name: session.dialog!.toolName, tool_input: session.dialog!.toolInput }), { TMUX: '/s,1,0', TMUX_PANE: '%1' })!;
	return composeDialog({ token: TOKEN, event, lastPrompt: null, host: 'desk', now: new Date(), expiresAt: session.expiresAt, from: SERVICE, to: [ALICE], messageId: `<taskping.${TOKEN}.abc@desk.taskping>`, previousMessageIds: [], language, dialog: session.dialog!, explanation: null, allowAlways: true });
}

/** The buttons of a mail: label → the mailto: URL behind it. */
function buttons(html: string): Map<string, URL> {
	const found = new Map<string, URL>();
	for (const match of html.matchAll(/<a href="(mailto:[^"]+)"[^>]*>([^<]+)/g)) found.set(match[2]!.replace(/&amp;/g, '&'), new URL(match[1]!.replace(/&amp;/g, '&')));
	return found;
}

/** What a phone's mail app sends when the button is tapped and Send pressed: the URL's fields, the app's signature, the server's stamp. */
function sentFrom(url: URL, opts: { from?: string; authenticated?: boolean; messageId?: string } = {}): string {
	const from = opts.from ?? ALICE;
	const domain = from.split('@')[1];
	const body = `${url.searchParams.get('body')}\r\n\r\nSent from my iPhone`;
	return [
		`Authentication-Results: mx.taskping.test; dkim=pass header.d=${domain}; spf=pass smtp.mailfrom=${from}; dmarc=${opts.authenticated === false ? 'fail' : 'pass'} header.from=${domain}`,
		`From: Alice <${from}>`,
		`To: ${decodeURIComponent(url.pathname)}`,
		`Subject: =?UTF-8?B?${Buffer.from(url.searchParams.get('subject')!).toString('base64')}?=`,
		`In-Reply-To: ${url.searchParams.get('in-reply-to')}`,
		`Message-ID: ${opts.messageId ?? `<tap-${Math.random().toString(36).slice(2)}@users.test>`}`,
		'Date: Mon, 07 Dec 2026 04:40:00 +0000',
		'MIME-Version: 1.0',
		'Content-Type: text/plain; charset=utf-8',
		'',
		body,
		'',
	].join('\r\n');
}

async function decide(raw: string, session: SessionRecord) {
	const mail = await simpleParser(raw);
	return decideReply(mail, { config, findSession: (token) => (token === TOKEN ? session : null), isProcessed: () => false, now: new Date(), raw });
}

test('permission mail: Approve, Always allow and Deny buttons are mailto: links to the service address with the token subject and the answer', () => {
	const mail = dialogMail('permission');
	const links = buttons(mail.html);
	assert.equal([...links.keys()], ['Approve', 'Always allow', 'Deny']);
	for (const url of links.values()) {
		assert.is(url.protocol, 'mailto:');
		assert.is(decodeURIComponent(url.pathname), SERVICE);
		assert.is(url.searchParams.get('subject'), `Re: ${mail.subject}`);
		assert.is(url.searchParams.get('in-reply-to'), mail.messageId);
	}
	assert.equal([...links.values()].map((url) => url.searchParams.get('body')), ['yes', 'always', 'no']);
	assert.not.match(mail.html, /mailto:[^"]*\+/, 'spaces are %20, never +, so no client reads a plus');
});

test('a tapped Approve from the whitelisted, authenticated sender is accepted and approves; Deny denies; Always remembers', async () => {
	const session = record('permission');
	const links = buttons(dialogMail('permission').html);
	const expected: Record<string, string> = { Approve: 'yes', Deny: 'no', 'Always allow': 'always' };
	for (const [label, url] of links) {
		const decision = await decide(sentFrom(url), session);
		assert.ok(decision.accepted, `${label}: ${decision.reasons.join(', ')}`);
		assert.is(decision.token, TOKEN);
		assert.is(decision.sender.check, 'dmarc');
		const read = readDialogAnswer(session, decision.text!, { allowAlways: true });
		assert.ok('answer' in read, `${label}: ${JSON.stringify(read)}`);
		assert.is('answer' in read && 'permission' in read.answer ? read.answer.permission.kind : null, expected[label], label);
	}
});

test('the Chinese mail\'s buttons send Chinese answers that mean the same', async () => {
	const session = record('permission');
	const links = buttons(dialogMail('permission', 'zh').html);
	assert.equal([...links.keys()], ['批准', '总是允许', '拒绝']);
	const kinds = [];
	for (const url of links.values()) {
		const decision = await decide(sentFrom(url), session);
		assert.ok(decision.accepted, decision.reasons.join(', '));
		const read = readDialogAnswer(session, decision.text!, { allowAlways: true });
		kinds.push('answer' in read && 'permission' in read.answer ? read.answer.permission.kind : null);
	}
	assert.equal(kinds, ['yes', 'always', 'no']);
});

test('no new way in: the same tapped answer from a stranger, or unauthenticated, or replayed, is refused', async () => {
	const session = record('permission');
	const approve = buttons(dialogMail('permission').html).get('Approve')!;
	assert.ok((await decide(sentFrom(approve, { from: 'mallory@evil.test' }), session)).reasons.includes('sender-not-allowed'));
	assert.ok((await decide(sentFrom(approve, { authenticated: false }), session)).reasons.includes('sender-not-authenticated'));
	const mail = await simpleParser(sentFrom(approve, { messageId: '<seen@users.test>' }));
	const replayed = decideReply(mail, { config, findSession: () => session, isProcessed: (id) => id === '<seen@users.test>', now: new Date() });
	assert.ok(replayed.reasons.includes('duplicate-message-id'));
});

test('question mail: one button per option, each picks its own option (labels with & survive the URL)', async () => {
	const session = record('question');
	const links = buttons(dialogMail('question').html);
	assert.equal([...links.keys()], ['1. Red', '2. Blue & green']);
	const picked = [];
	for (const url of links.values()) {
		const decision = await decide(sentFrom(url), session);
		assert.ok(decision.accepted, decision.reasons.join(', '));
		const read = readDialogAnswer(session, decision.text!, { allowAlways: true });
		picked.push('answer' in read && 'option' in read.answer ? read.answer.option : null);
	}
	assert.equal(picked, [1, 2]);
});

test('Stop mail: optional follow-up buttons are plain prompts to the same conversation', () => {
	const event = parseHookEvent(JSON.stringify({ hook_event_name: 'Stop', session_id: 's', cwd: '/home/u/proj', transcript_path: '', last_assistant_message: 'Done.' }), { TMUX: '/s,1,0', TMUX_PANE: '%1' })!;
	const mail = composeNotification({ token: TOKEN, event, lastPrompt: null, host: 'desk', now: new Date(), expiresAt: '2099-01-01T00:00:00Z', from: SERVICE, to: [ALICE], messageId: `<taskping.${TOKEN}.s@desk.taskping>`, previousMessageIds: [] });
	const links = buttons(mail.html);
	assert.ok(links.size >= 1);
	for (const url of links.values()) assert.match(url.searchParams.get('subject')!, new RegExp(`\\[TaskPing #${TOKEN}\\]`));
});

test.run();
