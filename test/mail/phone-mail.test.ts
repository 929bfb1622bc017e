// Phone-first mails: Markdown rendered safely, the question as the headline,
// long answers cut with the whole text attached, what the turn did, and a
// reply to the new layout read back exactly as the person wrote it.
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { simpleParser } from 'mailparser';
import { parseHookEvent } from '../../src/claude/payload.js';
import { readTurnSummary } from '../../src/claude/turn-summary.js';
import { ANSWER_FILE, composeNotification } from '../../src/mail/compose.js';
import { pickHeadline } from '../../src/mail/headline.js';
import { headOfMarkdown, renderMarkdown } from '../../src/mail/markdown.js';
import { REPLY_MARKER } from '../../src/mail/marker.js';
import { extractReply } from '../../src/reply/extract.js';

const TRANSCRIPT = fileURLToPath(new URL('../../../test/fixtures/transcripts/turn.jsonl', import.meta.url));
const CWD = '/home/alice/billing-service';

const stopEvent = (message: string) =>
	parseHookEvent(JSON.stringify({ hook_event_name: 'Stop', session_id: 's', cwd: CWD, transcript_path: '', last_assistant_message: message }), { TMUX: '/s,1,0', TMUX_PANE: '%7' })!;
const input = (message: string) => ({ token: 'K7Q2XM9PA4B3C', event: stopEvent(message), lastPrompt: 'run the tests', host: 'desk', now: new Date('2026-11-24T10:00:00Z'), expiresAt: '2026-11-25T10:00:00.000Z', from: 'bot@x.test', to: ['me@y.test'], messageId: '<taskping.K7Q2XM9PA4B3C.1@desk.taskping>', previousMessageIds: [] });

test('markdown: raw HTML is text, unsafe links stay text, pictures are links never loaded', () => {
	const html = renderMarkdown('<script>alert(1)</script> <b>bold</b>\n\n[click](javascript:alert(1)) [ok](https://example.com/a) [file](file:///etc/passwd)\n\n![chart](https://tracker.example/p.png)');
	assert.not.match(html, /<script|<b>/);
	assert.match(html, /&lt;script&gt;/);
	assert.not.match(html, /href="javascript:|href="file:/i);
	assert.match(html, /<a href="https:\/\/example.com\/a"[^>]*rel="noopener noreferrer"/);
	assert.not.match(html, /<img/);
	assert.match(html, /<a href="https:\/\/tracker.example\/p.png"[^>]*>\[chart\]<\/a>/);
});

test('markdown: code blocks wrap in a monospaced box, tables scroll inside their own box, headings stay small', () => {
	const html = renderMarkdown('## Title\n\n```\nFAIL  x > y\n  85|   expect(a)\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nuse `npm test`');
	assert.match(html, /<pre style="[^"]*white-space:pre-wrap[^"]*"><code>FAIL  x &gt; y\n  85\|   expect\(a\)<\/code><\/pre>/);
	assert.match(html, /<table style="[^"]*overflow-x:auto/);
	assert.match(html, /<h2 style="font-size:17px/);
	assert.match(html, /<code style="[^"]*">npm test<\/code>/);
});

test('headline: the closing question as plain words, else the first line without ## or **', () => {
	assert.is(pickHeadline('## Retry logic is in\n\nI added backoff.\n\n**Shall I fix the flaky test and push?**'), 'Shall I fix the flaky test and push?');
	assert.is(pickHeadline('## Retry logic is in\n\nAll `42` tests pass.'), 'Retry logic is in');
	assert.is(pickHeadline('Done. Deploy now?'), 'Deploy now?');
	assert.is(pickHeadline('```\nwhat?\n```\nAll good.'), 'All good.', 'a question inside code is not the question');
	assert.is(pickHeadline(''), null);
});

test('a long answer: the head in full, cut after a whole block, the rest counted and attached as .md', () => {
	const long = ['# Report', '', ...Array.from({ length: 30 }, (_, i) => `- item ${i}`), '', '```', ...Array.from({ length: 30 }, (_, i) => `log ${i}`), '```', '', 'Shall I go on?'].join('\n');
	const cut = headOfMarkdown(long, 40);
	assert.ok(cut.head.endsWith('- item 29'), cut.head.slice(-40));
	assert.is(cut.moreLines, long.split('\n').length - cut.head.split('\n').length);
	const fence = headOfMarkdown(['```', ...Array.from({ length: 100 }, (_, i) => `line ${i}`), '```'].join('\n'), 40);
	assert.ok(fence.head.endsWith('line 38\n```'), 'a code block cut inside is closed again');
	const mail = composeNotification(input(long));
	assert.is(mail.attachments?.[0]?.filename, ANSWER_FILE);
	assert.is(mail.attachments?.[0]?.content, long);
	assert.match(mail.text, /more lines: the whole answer is attached \(claude-answer\.md\)/);
	assert.match(mail.html, /more lines: the whole answer is attached/);
	assert.is(mail.subject, 'Done: Shall I go on? · billing-service [TaskPing #K7Q2XM9PA4B3C]');
	assert.is(composeNotification(input('short')).attachments, undefined);
});

test('what the turn did, read from the transcript: files with +/- lines, commands with exit status, time, tokens once per message', () => {
	const turn = readTurnSummary(TRANSCRIPT, '8c1f-prompt-1')!;
	assert.equal(turn.files, [
		{ path: `${CWD}/src/webhooks/sender.ts`, action: 'edited', added: 38, removed: 2 },
		{ path: `${CWD}/src/invoices/pipeline.ts`, action: 'edited', added: 2, removed: 1 },
	]);
	assert.equal(turn.commands, [{ command: 'npx vitest run', exitCode: 1 }, { command: 'git diff --stat', exitCode: 0 }]);
	assert.is(turn.durationMs, 82400);
	assert.equal(turn.tokens, { input: 4 * 10200 + 10500 + 10600, output: 4 * 80 + 60 + 420 }, 'msg_6 is split over two entries and counted once');
	assert.is(readTurnSummary(TRANSCRIPT, null)!.commands.length, 0, 'without a prompt id: the newest turn, which only talked');
	assert.is(readTurnSummary('/nonexistent/transcript.jsonl', null), null);
	const mail = composeNotification({ ...input('Tests fail. Fix?'), turn });
	assert.match(mail.text, /edited src\/webhooks\/sender\.ts \+38 −2/);
	assert.match(mail.text, /\$ npx vitest run {2}→ exit 1/);
	assert.match(mail.text, /took 1 min 22 s/);
	assert.ok(mail.text.indexOf('This turn:') < mail.text.indexOf('Claude said:'), 'what happened comes under the headline, above the answer');
	assert.match(mail.html, /✗ exit 1/);
});

/** A reply as a client builds it from the text part: the person's text, then the notification quoted its way. */
async function replyText(style: 'top' | 'bottom' | 'unquoted', text: string): Promise<string | null> {
	const notification = composeNotification(input('All green. Deploy?')).text;
	const quoted = notification.split('\n').map((line) => `> ${line}`).join('\n');
	const body =
		style === 'top' ? `${text}\n\nOn Mon, Nov 24, 2026 at 10:00 AM TaskPing <bot@x.test> wrote:\n${quoted}\n`
		: style === 'bottom' ? `On 2026-11-24 10:00, bot@x.test wrote:\n${quoted}\n\n${text}\n`
		: `${text}\n${notification}`;
	const raw = `From: me@y.test\r\nTo: bot@x.test\r\nSubject: Re: Done: All green. Deploy? · billing-service [TaskPing #K7Q2XM9PA4B3C]\r\nMessage-ID: <r1@y.test>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body.replace(/\n/g, '\r\n')}`;
	return extractReply(await simpleParser(raw)).text;
}

test('replies to the new layout: top-posted, bottom-posted (the cursor Roundcube gives) and quoted without ">" all read the same', async () => {
	assert.ok(REPLY_MARKER.includes('above or below'), 'the marker does not contradict a client that puts the cursor below the quote');
	assert.is(await replyText('top', 'ship it'), 'ship it');
	assert.is(await replyText('bottom', 'ship it'), 'ship it');
	assert.is(await replyText('unquoted', 'ship it'), 'ship it', 'the headline above the marker is history too');
});

test.run();
