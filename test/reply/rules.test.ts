// Focused cases for the rules that are easy to get wrong: the user's own
// ">" lines, "wrote:", From:/To: and "---" inside commands, interleaving,
// charsets, format=flowed and HTML-only bodies.
import { simpleParser } from 'mailparser';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { detectAutomated } from '../../src/reply/automated.js';
import { extractReply } from '../../src/reply/extract.js';
import { convertHtml } from '../../src/reply/html.js';

const MARKER = '##- Reply above this line · 请在此行以上回复 -##';
const NOTE = `${MARKER}\n\nClaude finished.\n\nShould I deploy?`;
const quoted = (text: string) => text.split('\n').map((l) => (l ? `> ${l}` : '>')).join('\n');
const fromText = (text: string, subject = 'Re: [TaskPing #K7Q2XM9PA4B3C] app: done') =>
	extractReply({ text, html: false, headers: new Map(), subject, attachments: [] });
const fromHtml = (html: string, subject = 'Re: [TaskPing #K7Q2XM9PA4B3C] app: done') =>
	extractReply({ text: undefined, html, headers: new Map([['content-type', { value: 'text/html', params: {} }]]) as never, subject, attachments: [] });
const attribution = 'On Mon, Jan 6, 2025 at 9:14 AM TaskPing <notify@taskping.dev> wrote:';

test('shell redirections and a line starting with ">" stay', () => {
	const user = 'npm test > out.log 2>&1\ncat out.log >> all.log\n> empty.txt\n>> append.txt';
	assert.is(fromText(`${user}\n\n${attribution}\n\n${quoted(NOTE)}\n`).text, user);
});

test('">" lines without any sign of a quote are the user\'s', () => {
	assert.is(fromText('> build.log\nthen rerun').text, '> build.log\nthen rerun');
});

test('a quoted sentence kept without its attribution is still a quote', () => {
	assert.is(fromText('> Should I deploy?\n\nYes, to staging.').text, 'Yes, to staging.');
	assert.is(fromText('> 要我现在修复吗？\n\n修吧').text, '修吧');
	assert.is(fromText('> logs/app.log\n> /tmp/x\nrerun').text, '> logs/app.log\n> /tmp/x\nrerun');
});

test('a user line ending in "wrote:" is not an attribution', () => {
	const user = 'The migration script wrote:\n  42 rows updated\nplease check it.';
	assert.is(fromText(`${user}\n\n${attribution}\n\n${quoted(NOTE)}`).text, user);
});

test('"写道" in the user\'s own sentence stays', () => {
	const user = '日志里写道：连接失败\n在测试报告里他写道：需要重试';
	assert.is(fromText(`${user}\n\n在 2025年1月6日，09:14，TaskPing <notify@taskping.dev> 写道：\n\n${quoted(NOTE)}`).text, user);
});

test('From:/To:/Subject: lines inside a command are not a header block', () => {
	const user = 'Send a test mail with\nFrom: ci@example.com\nTo: qa@example.com\nSubject: nightly\nand report back.';
	assert.is(fromText(`${user}\n\n${attribution}\n\n${quoted(NOTE)}`).text, user);
});

test('a real quoted header block is history', () => {
	const text = 'ship it\n\nFrom: TaskPing <notify@taskping.dev>\nSent: Monday, January 6, 2025 9:14 AM\nTo: me\nSubject: [TaskPing #K7Q2XM9PA4B3C] app: done\n\nClaude finished.';
	assert.is(fromText(text).text, 'ship it');
});

test('Chinese header block with full-width colons is history', () => {
	const text = '好的\n\n发件人：TaskPing <notify@taskping.dev>\n发送时间：2025年1月6日 9:14\n收件人：我\n主题：[TaskPing #K7Q2XM9PA4B3C] app: done\n\n正文';
	assert.is(fromText(text).text, '好的');
});

test('"---" separators inside a command stay', () => {
	const user = 'Write this file:\n---\nname: demo\n---\nbody text\n---';
	assert.is(fromText(`${user}\n\n${attribution}\n\n${quoted(NOTE)}`).text, user);
});

test('interleaved reply keeps only the user\'s paragraphs, in order', () => {
	const text = `${attribution}\n\n> ${MARKER}\n>\n> Claude finished.\n\nGood.\n\n> Should I deploy?\n\nYes, to staging only.\n`;
	assert.is(fromText(text).text, 'Good.\n\nYes, to staging only.');
});

test('Gmail attribution wrapped over two lines', () => {
	const text = `fix it\n\nOn Mon, Jan 6, 2025 at 9:14 AM TaskPing <\nnotify@taskping.dev> wrote:\n\n${quoted(NOTE)}`;
	assert.is(fromText(text).text, 'fix it');
});

test('indentation and blank lines inside the command are kept exactly', () => {
	const user = 'Steps:\n  1. pull\n  2. build\n\n\n    make -j4\n\tdone';
	assert.is(fromText(`${user}\n\n${attribution}\n\n${quoted(NOTE)}`).text, user);
});

test('RFC 3676 signature and taglines are dropped', () => {
	assert.is(fromText('go\n\n-- \nDana\nACME').text, 'go');
	assert.is(fromText('go\n\nSent from my iPhone').text, 'go');
	assert.is(fromText('好\n\n发自我的iPhone').text, '好');
	assert.is(fromText('好\n\n来自网易邮箱大师').text, '好');
	assert.is(fromText('go\n\nGet Outlook for Android<https://aka.ms/AAb9ysg>').text, 'go');
	assert.is(fromText('好\n\n获取 Outlook for iOS').text, '好');
});

test('a Chinese sentence starting with 来自 is not a tagline', () => {
	assert.is(fromText('来自客户的需求：把导出改成 CSV，邮箱字段放第一列。').text, '来自客户的需求：把导出改成 CSV，邮箱字段放第一列。');
});

test('whitespace-only reply is null with reason empty', () => {
	const result = fromText(`\n\n${attribution}\n\n${quoted(NOTE)}`);
	assert.is(result.text, null);
	assert.ok(result.reasons.includes('empty'));
});

test('bare forward yields nothing', () => {
	const result = fromText(`\n---------- Forwarded message ---------\nFrom: TaskPing <notify@taskping.dev>\nDate: Mon, Jan 6, 2025\nSubject: x\n\n${NOTE}`, 'Fwd: [TaskPing #K7Q2XM9PA4B3C] x');
	assert.is(result.text, null);
	assert.ok(result.reasons.includes('forward-without-note'));
});

test('GB2312 body holding GBK-only characters decodes', async () => {
	// 喆 (0x86B4) and 堃 (0x88D2) exist in GBK but not in GB2312.
	const raw = Buffer.concat([
		Buffer.from('Subject: Re: x\r\nContent-Type: text/plain; charset=gb2312\r\nContent-Transfer-Encoding: 8bit\r\n\r\n'),
		Buffer.from([0xd5, 0xc5, 0x86, 0xb4, 0x20, 0x88, 0xd2]),
		Buffer.from('\r\n'),
	]);
	const result = extractReply(await simpleParser(raw));
	assert.is(result.text, '张喆 堃');
});

test('Big5 body decodes', async () => {
	const raw = Buffer.concat([
		Buffer.from('Subject: Re: x\r\nContent-Type: text/plain; charset=big5\r\nContent-Transfer-Encoding: 8bit\r\n\r\n'),
		Buffer.from([0xa6, 0x6e, 0xa1, 0x41, 0xad, 0xd7, 0xa7, 0x61]), // 好，修吧
		Buffer.from('\r\n'),
	]);
	assert.is(extractReply(await simpleParser(raw)).text, '好，修吧');
});

test('format=flowed soft breaks are joined, hard breaks kept', async () => {
	const raw = 'Subject: Re: x\r\nContent-Type: text/plain; charset=utf-8; format=flowed\r\n\r\nThis is one long line that the client \r\nwrapped for transport.\r\nSecond line.\r\n';
	assert.is(extractReply(await simpleParser(raw)).text, 'This is one long line that the client wrapped for transport.\nSecond line.');
});

test('HTML only: hidden elements, quotes and signatures vanish; lines are not re-wrapped', () => {
	const html = '<div style="display:none">preview</div><div dir="ltr">first line that is quite long and would be wrapped by html-to-text at eighty columns, but not here<div>&nbsp; &nbsp; indented</div><div><br></div><div>last</div></div><div class="gmail_signature">Dana</div><br><div class="gmail_quote"><div class="gmail_attr">On Mon, Jan 6, 2025 at 9:14 AM TaskPing &lt;<a href="mailto:notify@taskping.dev">notify@taskping.dev</a>&gt; wrote:</div><blockquote class="gmail_quote">old</blockquote></div>';
	assert.is(fromHtml(html).text, 'first line that is quite long and would be wrapped by html-to-text at eighty columns, but not here\n    indented\n\nlast');
});

test('HTML only: Outlook quote container cuts everything after it', () => {
	const html = '<p class="MsoNormal">do it<o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p><div id="divRplyFwdMsg"><b>From:</b> TaskPing</div><div>old text</div>';
	assert.is(fromHtml(html).text, 'do it');
});

test('HTML only: interleaved blockquotes keep the answers between them', () => {
	const html = `<div>On Jan 6, 2025, at 09:14, TaskPing &lt;notify@taskping.dev&gt; wrote:</div><blockquote type="cite">Q1?</blockquote><div>A1</div><blockquote type="cite">Q2?</blockquote><div>A2</div>`;
	assert.is(fromHtml(html).text, 'A1\n\nA2');
});

test('HTML conversion keeps <pre> and <br> layout and decodes entities', () => {
	assert.is(convertHtml('<pre>  a &lt; b\n    c</pre><div>x<br>y&amp;z</div>').text, '  a < b\n    c\nx\ny&z');
});

test('automated mail is recognised from headers first, then the subject', () => {
	assert.is(detectAutomated(new Map([['auto-submitted', 'auto-replied']]) as never, 'Re: x'), 'automated:auto-submitted');
	assert.is(detectAutomated(new Map([['auto-submitted', 'no']]) as never, 'Re: x'), null);
	assert.is(detectAutomated(new Map([['precedence', 'auto_reply']]) as never, 'Re: x'), 'automated:precedence');
	assert.is(detectAutomated(new Map() as never, 'x', 'multipart/report'), 'automated:report');
	assert.is(detectAutomated(new Map() as never, '自动回复：[TaskPing #K7Q2XM9PA4B3C] x'), 'automated:subject');
	assert.is(detectAutomated(new Map() as never, 'Automatic reply: x'), 'automated:subject');
	assert.is(detectAutomated(new Map() as never, 'Re: automatic reply handling is broken'), null);
});

// Time is measured in the bench (npm run bench -- --only reader), not here: a loaded machine makes wall-clock bounds flaky.
test('long HTML lines of many inline elements convert (the bench measures that it is linear)', () => {
	const html = '<div>' + '<span class="x">word &amp; more</span> '.repeat(20000) + '</div>' + '<a "'.repeat(2000);
	const text = convertHtml(html).text;
	assert.ok(text.startsWith('word & more word & more'));
});

test('never throws on odd input', () => {
	const odd = extractReply({ text: undefined, html: false, headers: undefined as never, subject: undefined, attachments: [] });
	assert.is(odd.text, null);
});

test.run();
