/**
 * The phone-first mails on the real Claude Code CLI: a Stop mail shows what
 * the turn did (two files edited, a failing test) and the answer rendered;
 * the one-tap Approve and Deny buttons of a permission mail, sent as a mail
 * app sends them, approve and deny; a reply with a PNG reaches the model as
 * an image block, and one with a PDF is refused with the reason.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { submitRaw, waitForMail } from '../harness/mail-server.js';
import { lastUserText, toolResults } from '../harness/messages-api.js';
import { PNG, replyWithAttachment } from '../fixtures/picture-mail.js';
import { alice, isNotificationSubject, readOutcomes, service, startWorld, waitFor, type World } from './setup.js';

const phone = suite<{ world: World }>('phone-first mails on the real CLI');

/** The tool calls of the "fix both" turn, in order; then Claude's Markdown answer. */
function fixBoth(projectDir: string) {
	return [
		{ name: 'Read', input: { file_path: join(projectDir, 'a.txt') } },
		{ name: 'Edit', input: { file_path: join(projectDir, 'a.txt'), old_string: 'alpha', new_string: 'ALPHA' } },
		{ name: 'Read', input: { file_path: join(projectDir, 'b.txt') } },
		{ name: 'Edit', input: { file_path: join(projectDir, 'b.txt'), old_string: 'beta', new_string: 'BETA\nbeta 2' } },
		{ name: 'Bash', input: { command: 'node check.js', description: 'Run the tests' } },
	];
}
const ANSWER = '## Both files fixed\n\nThe check still fails:\n\n```\n1 failed | 3 passed\n```\n\n**Shall I push anyway?**';

phone.before(async (context) => {
	// Edits and the project's check run without a dialog; any other command asks (so the one-tap test gets its dialog).
	// defaultMode is spelled out: a test that sets permissions itself gets no harness default, and from 2.1.283
	// Claude Code then starts in auto mode, where `touch` in the project runs with no dialog (facts §10).
	context.world = await startWorld([], {}, { permissions: { defaultMode: 'default', allow: ['Read', 'Edit', 'Bash(node check.js)'] } });
	const { projectDir } = context.world.claude;
	writeFileSync(join(projectDir, 'a.txt'), 'alpha\n');
	writeFileSync(join(projectDir, 'b.txt'), 'beta\n');
	writeFileSync(join(projectDir, 'check.js'), "console.log('1 failed | 3 passed'); process.exit(1);\n");
	let step = -1;
	context.world.api.respondWith((body) => {
		const prompt = lastUserText(body);
		const results = toolResults(body);
		if (prompt === 'fix both' && !results.length) step = 0;
		else if (results.length && step >= 0) step++;
		const plan = fixBoth(projectDir);
		if (step >= 0 && step < plan.length) return { toolUse: plan[step]! };
		if (step === plan.length) {
			step = -1;
			return { text: ANSWER };
		}
		if (results.length) return { text: 'tool finished' };
		const touch = /^make (\S+)$/.exec(prompt);
		if (touch) return { toolUse: { name: 'Bash', input: { command: `touch ${touch[1]}.txt`, description: `Create ${touch[1]}` } } };
		return { text: `ACK: ${prompt}` };
	});
});

phone.after(async (context) => {
	await context.world?.stop();
});

phone('a Stop mail for a turn that edited two files and ran a failing test shows both, and the answer rendered', async ({ world }) => {
	await world.claude.waitForStatus('idle', 15_000);
	await world.claude.type('fix both');
	const found = await waitForMail(world.mail, alice, (m) => isNotificationSubject(m.subject) && m.subject.startsWith('Done: Shall I push anyway?'), 30_000);
	const mail = await simpleParser(found.raw);
	const text = mail.text ?? '';
	assert.match(text, /edited a\.txt \+1 −1/);
	assert.match(text, /edited b\.txt \+2 −1/);
	assert.match(text, /\$ node check\.js {2}→ exit 1/);
	const html = String(mail.html);
	assert.match(html, /<code[^>]*>a\.txt<\/code>/);
	assert.match(html, /<code[^>]*>\$ node check\.js<\/code> <b[^>]*>✗ exit 1<\/b>/);
	assert.match(html, /<h2 style="[^"]*">Both files fixed<\/h2>/, 'the heading is rendered, not "##"');
	assert.match(html, /<pre style="[^"]*"><code>1 failed \| 3 passed<\/code><\/pre>/);
	assert.not.match(html, /```|\*\*Shall/);
	assert.match(mail.from?.text ?? '', /TaskPing · proj/);
});

/** The last user message of a request (Claude Code may append a system-role reminder after it). */
const lastUser = (body: any) => [...(body.messages ?? [])].reverse().find((message: any) => message.role === 'user');

/** The mailto: behind a button of a mail, sent the way a phone's mail app sends it when Send is tapped. */
async function tap(world: World, raw: string, label: string): Promise<void> {
	const html = String((await simpleParser(raw)).html);
	const href = new RegExp(`<a href="(mailto:[^"]+)"[^>]*>${label}<`).exec(html)?.[1];
	assert.ok(href, `button ${label}`);
	const url = new URL(href!.replace(/&amp;/g, '&'));
	assert.is(decodeURIComponent(url.pathname), service.address);
	const subject = url.searchParams.get('subject')!;
	const tapped = [
		`From: Alice <${alice.address}>`,
		`To: ${service.address}`,
		`Subject: =?UTF-8?B?${Buffer.from(subject).toString('base64')}?=`,
		`In-Reply-To: ${url.searchParams.get('in-reply-to')}`,
		`Message-ID: <tap-${label}-${Date.now()}@users.test>`,
		`Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
		'MIME-Version: 1.0',
		'Content-Type: text/plain; charset=utf-8',
		'',
		`${url.searchParams.get('body')}\r\n\r\nSent from my iPhone`,
		'',
	].join('\r\n');
	await submitRaw(world.mail, alice, [service.address], tapped);
}

phone('one tap on Approve approves; one tap on Deny denies', async ({ world }) => {
	await world.claude.waitForStatus('idle', 15_000);
	await world.claude.type('make tap-yes');
	await world.claude.waitForStatus('waiting', 15_000);
	const yes = await waitForMail(world.mail, alice, (m) => m.subject.startsWith('Permission: Bash: touch tap-yes.txt'), 15_000);
	await tap(world, yes.raw, 'Approve');
	await waitFor('tap-yes.txt', () => existsSync(join(world.claude.projectDir, 'tap-yes.txt')), 20_000);
	await waitForMail(world.mail, alice, (m) => m.raw.includes('approved: Bash: touch tap-yes.txt'), 15_000);

	await world.claude.waitForStatus('idle', 15_000);
	await world.claude.type('make tap-no');
	await world.claude.waitForStatus('waiting', 15_000);
	const no = await waitForMail(world.mail, alice, (m) => m.subject.startsWith('Permission: Bash: touch tap-no.txt'), 15_000);
	await tap(world, no.raw, 'Deny');
	await waitForMail(world.mail, alice, (m) => m.raw.includes('rejected: Bash: touch tap-no.txt'), 20_000);
	await world.claude.waitForStatus('idle', 10_000);
	assert.not.ok(existsSync(join(world.claude.projectDir, 'tap-no.txt')));
});

phone('a reply with a PNG reaches the model as an image block; a PDF is left out', async ({ world }) => {
	await world.claude.waitForStatus('idle', 15_000);
	await world.claude.type('hello picture');
	const note = await waitForMail(world.mail, alice, (m) => isNotificationSubject(m.subject) && m.subject.includes(': ACK: hello picture · '), 15_000);
	const messageId = (await simpleParser(note.raw)).messageId!;
	await world.claude.waitForStatus('idle', 15_000);
	await submitRaw(world.mail, alice, [service.address], replyWithAttachment({ from: alice.address, subject: note.subject, inReplyTo: messageId, text: 'what does this screenshot show?', contentType: 'image/png', filename: 'Screenshot.png', content: PNG, messageId: '<picture-1@users.test>' }));
	const request = await world.api.waitFor((body) => {
		const last = lastUser(body);
		return Array.isArray(last?.content) && last.content.some((block: any) => block.type === 'image');
	}, 20_000);
	const blocks = lastUser(request).content;
	const image = blocks.find((block: any) => block.type === 'image');
	assert.is(image.source.media_type, 'image/png');
	assert.is(image.source.data, PNG.toString('base64'), 'the very picture that was mailed');
	assert.ok(blocks.some((block: any) => block.type === 'text' && block.text.endsWith('what does this screenshot show?')));

	await world.claude.waitForStatus('idle', 15_000);
	const before = readOutcomes(world.home).length;
	await submitRaw(world.mail, alice, [service.address], replyWithAttachment({ from: alice.address, subject: note.subject, inReplyTo: messageId, text: 'see the report', contentType: 'application/pdf', filename: 'report.pdf', content: Buffer.from('%PDF-1.7\n'), messageId: '<picture-2@users.test>' }));
	const outcome = await waitFor('outcome of the PDF reply', () => readOutcomes(world.home)[before], 20_000);
	assert.equal(outcome.reasons, [], 'the PDF is left out; the text is typed');
});

phone.run();
