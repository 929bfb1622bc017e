import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { submitRaw, waitForMail } from '../harness/mail-server.js';
import { lastUserText, rawToolResults, toolResults } from '../harness/messages-api.js';
import { claudeVersion } from '../harness/claude.js';
import { parseDialogOptions } from '../../src/claude/screen.js';
import { alice, gmailReply, readOutcomes, service, startWorld, waitFor, type World } from './setup.js';
import { guardSetup } from '../harness/setup-guard.js';

/**
 * Permission dialogs and questions answered by email, on the real Claude
 * Code CLI: the stand-in API asks for `touch <name>.txt` (a Bash tool that
 * needs permission) or asks a multiple-choice question.
 */
const permission = suite<{ world: World }>('permission by email');
let replies = 0;

permission.before(guardSetup('permission', async (context) => {
	context.world = await startWorld();
	context.world.api.respondWith((body) => {
		// toolResults() ignores the rejected result Claude Code resends with the next prompt.
		const results = toolResults(body);
		if (results.length) return { text: `tool finished: ${JSON.stringify(results.at(-1)).slice(0, 200)}` };
		const prompt = lastUserText(body);
		const touch = /^make (\S+)$/.exec(prompt);
		if (touch) return { toolUse: { name: 'Bash', input: { command: `touch ${touch[1]}.txt`, description: `Create ${touch[1]}` }, text: `I will create ${touch[1]}.txt.` } };
		if (prompt === 'ask colour') return { toolUse: { name: 'AskUserQuestion', input: { questions: [{ question: 'Which colour should the mock use?', header: 'Colour', options: [{ label: 'Red', description: 'The red one' }, { label: 'Blue', description: 'The blue one' }], multiSelect: false }] } } };
		return { text: `ACK: ${prompt}` };
	});
}));

permission.after(async (context) => {
	await context.world?.stop();
});

/** Types a prompt that opens a dialog; returns the dialog mail (subject, Message-ID) once it arrives. */
async function openDialog(world: World, prompt: string, subjectPart: string) {
	await world.claude.waitForStatus('idle', 15_000);
	await world.claude.type(prompt);
	await world.claude.waitForStatus('waiting', 15_000);
	// The status file (and so the mail) can beat the dialog's drawing on a loaded machine: a test
	// that reads the options must see them, as the watcher does before it presses anything.
	await world.tmux.waitForScreen(world.claude.pane, (screen) => parseDialogOptions(screen).length > 0, 15_000);
	const mail = await waitForMail(world.mail, alice, (m) => m.subject.includes(subjectPart), 15_000);
	const messageId = /^Message-ID:\s*(<[^>]+>)/im.exec(mail.raw)![1]!;
	return { subject: mail.subject, messageId, raw: mail.raw };
}

/** Sends alice's reply and returns the watcher's recorded outcome for it. */
async function reply(world: World, to: { subject: string; messageId: string }, text: string) {
	const messageId = `<perm-${++replies}@users.test>`;
	const before = readOutcomes(world.home).length;
	await submitRaw(world.mail, alice, [service.address], gmailReply({ from: alice, subject: to.subject, inReplyTo: to.messageId, text, quoted: 'Reply with one of: yes / no', messageId }));
	return waitFor(`outcome of ${messageId}`, () => readOutcomes(world.home)[before], 20_000);
}

const versionAtLeast = (version: string, floor: string) => {
	const [a, b] = [version, floor].map((v) => v.split('.').map(Number));
	for (let i = 0; i < 3; i++) if (a![i] !== b![i]) return a![i]! > b![i]!;
	return true;
};

const projectFile = (world: World, name: string) => join(world.claude.projectDir, `${name}.txt`);

permission('the permission mail names the tool and its full command, and how to answer', async ({ world }) => {
	const dialog = await openDialog(world, 'make perm-yes', 'Permission: Bash: touch perm-yes.txt');
	assert.ok(dialog.raw.includes('touch perm-yes.txt'));
	assert.ok(dialog.raw.includes('yes / 批准') || dialog.raw.includes('yes /'), 'answer words listed');
	await reply(world, dialog, 'yes');
	await waitFor('perm-yes.txt', () => existsSync(projectFile(world, 'perm-yes')), 10_000);
	const answer = await waitForMail(world.mail, alice, (m) => m.subject.startsWith('Re: ') && m.subject.includes('touch perm-yes.txt'), 20_000);
	const text = (await simpleParser(answer.raw)).text ?? '';
	assert.ok(text.includes('approved: Bash: touch perm-yes.txt'), text);
});

permission('"no" rejects: the tool does not run and Claude gets no approval', async ({ world }) => {
	const dialog = await openDialog(world, 'make perm-no', 'touch perm-no.txt');
	await reply(world, dialog, 'No.');
	await world.claude.waitForStatus('idle', 10_000);
	await new Promise((resolve) => setTimeout(resolve, 500));
	assert.not.ok(existsSync(projectFile(world, 'perm-no')));
	await waitForMail(world.mail, alice, (m) => m.raw.includes('rejected: Bash: touch perm-no.txt'), 15_000);
});

permission('"no, use make instead" reaches Claude as feedback; the session stays in manual mode', async ({ world }) => {
	const dialog = await openDialog(world, 'make perm-feedback', 'touch perm-feedback.txt');
	const options = parseDialogOptions(await world.claude.screen()).map((option) => option.label);
	if (versionAtLeast(claudeVersion(), '2.1.283')) assert.ok(options.some((label) => /switch to auto mode/.test(label)), `the 4-option dialog: ${JSON.stringify(options)}`);
	await reply(world, dialog, 'no, use make instead');
	const request = await world.api.waitFor((body) => rawToolResults(body).some((r) => JSON.stringify(r).includes('use make instead')), 15_000);
	const result = rawToolResults(request).find((r) => JSON.stringify(r).includes('use make instead'))!;
	assert.is(result.is_error, true, 'rejected, not approved with a note');
	assert.not.ok(existsSync(projectFile(world, 'perm-feedback')));
	await world.claude.waitForStatus('idle', 15_000);
	assert.not.ok((await world.claude.screen()).includes('auto mode on'), 'the session must not have switched to auto mode');
});

permission('"OK, no." presses nothing: the dialog stays open and the reply says which words to use', async ({ world }) => {
	const dialog = await openDialog(world, 'make perm-okno', 'touch perm-okno.txt');
	const outcome = await reply(world, dialog, 'OK, no.');
	assert.ok(outcome.reasons.includes('unclear-answer'), JSON.stringify(outcome));
	const answer = await waitForMail(world.mail, alice, (m) => m.raw.includes('yes and no'), 15_000);
	assert.ok(answer.raw.includes('no, <what to do instead>'), answer.raw);
	await new Promise((resolve) => setTimeout(resolve, 500));
	assert.is((await world.claude.status())?.status, 'waiting');
	assert.not.ok(existsSync(projectFile(world, 'perm-okno')));
	// Still answerable: a clear "no" closes it.
	await reply(world, dialog, '不要');
	await world.claude.waitForStatus('idle', 15_000);
	assert.not.ok(existsSync(projectFile(world, 'perm-okno')));
});

permission('a question is answered by number, and by label', async ({ world }) => {
	let dialog = await openDialog(world, 'ask colour', 'Question: Which colour');
	const picked = await reply(world, dialog, '2');
	assert.ok(picked.accepted, JSON.stringify(picked));
	await world.api.waitFor((body) => rawToolResults(body).some((r) => JSON.stringify(r).includes('Blue')), 15_000);
	const before = world.api.requests.length;
	await world.claude.waitForStatus('idle', 15_000);
	dialog = await openDialog(world, 'ask colour', 'Question: Which colour');
	const answered = dialog.messageId;
	await reply(world, dialog, 'red');
	await world.api.waitFor((body) => world.api.requests.length > before && rawToolResults(body).some((r) => JSON.stringify(r).includes('Red')), 15_000);
	assert.ok(answered);
});

permission('while a dialog is open, a plain reply is not typed and approves nothing; an unclear answer presses nothing', async ({ world }) => {
	const dialog = await openDialog(world, 'make perm-guard', 'touch perm-guard.txt');
	// A reply to the conversation's Stop mail (its own token) while the dialog is open.
	const stopMail = await waitForMail(world.mail, alice, (m) => /^Done: (ACK|tool finished).* · proj \[/.test(m.subject), 5_000);
	const stopId = /^Message-ID:\s*(<[^>]+>)/im.exec(stopMail.raw)![1]!;
	const plain = await reply(world, { subject: stopMail.subject, messageId: stopId }, 'please continue');
	assert.ok(plain.reasons.includes('dialog-open'), JSON.stringify(plain));
	const unclear = await reply(world, dialog, 'maybe later');
	assert.ok(unclear.reasons.includes('unclear-answer'), JSON.stringify(unclear));
	await new Promise((resolve) => setTimeout(resolve, 500));
	assert.is((await world.claude.status())?.status, 'waiting');
	assert.not.ok(existsSync(projectFile(world, 'perm-guard')));
	// Close it at the terminal with the "No" option (its digit differs between versions: 3 on 2.1.197,
	// 4 on 2.1.332, where 3 approves and turns auto mode on), then a late "yes" must not be typed as a prompt.
	const no = parseDialogOptions(await world.claude.screen()).find((option) => option.label === 'No');
	assert.ok(no, await world.claude.screen());
	await world.tmux.tmux(['send-keys', '-t', world.claude.pane, String(no!.number)]);
	await world.claude.waitForStatus('idle', 10_000);
	const texts = world.api.userTexts().length;
	const stale = await reply(world, dialog, 'yes');
	assert.ok(stale.reasons.includes('dialog-closed'), JSON.stringify(stale));
	await new Promise((resolve) => setTimeout(resolve, 800));
	assert.is(world.api.userTexts().length, texts);
	assert.not.ok(existsSync(projectFile(world, 'perm-guard')));
	assert.not.ok((await world.claude.screen()).includes('❯ yes'));
});

// Last: option 2 remembers the approval for this project, so later touches would not ask.
permission('"always" approves and remembers', async ({ world }) => {
	const dialog = await openDialog(world, 'make perm-always', 'touch perm-always.txt');
	await reply(world, dialog, '总是允许');
	await waitFor('perm-always.txt', () => existsSync(projectFile(world, 'perm-always')), 10_000);
	await waitForMail(world.mail, alice, (m) => m.raw.includes('approved and remembered'), 15_000);
});

permission.run();
