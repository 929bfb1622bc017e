// The rules the blind corpus led to: when the HTML reading replaces a lossy
// plain part (hard wrap, undecoded entities), the attribution line of clients
// outside the "wrote:" family, and the gap an image placeholder leaves.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isDatedSenderLine } from '../../src/reply/attribution.js';
import { extractReply } from '../../src/reply/extract.js';
import { plainLostLayout } from '../../src/reply/layout.js';

const MARKER = '##- Reply above this line · 请在此行以上回复 -##';
const subject = 'Re: [TaskPing #K7Q2XM9PA4B3C] app: done';
const attribution = 'On Mon, Jan 6, 2025 at 9:14 AM TaskPing <notify@taskping.dev> wrote:';
const quoted = `${attribution}\n\n> ${MARKER}\n>\n> Should I deploy?\n`;
const htmlQuote = `<div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">${attribution}<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex"><p>${MARKER}</p><p>Should I deploy?</p></blockquote></div>`;
const both = (text: string, html: string) => extractReply({ text, html, headers: new Map(), subject, attachments: [] });
const divs = (lines: string[]) => `<div dir="ltr">${lines.map((l) => (l ? `<div>${l}</div>` : '<div><br></div>')).join('')}</div><br>`;

const long = "Yes, update the README. Don't bump the version yet, we'll do that at release time.";

test('a plain part hard-wrapped at 78 columns gives way to the HTML the user typed', () => {
	const plain = "Yes, update the README. Don't bump the version yet, we'll do that at release\ntime.\n\nThanks";
	const result = both(`${plain}\n\n${quoted}`, divs([long.replace(/'/g, '&#39;'), '', 'Thanks']) + htmlQuote);
	assert.is(result.text, `${long}\n\nThanks`);
	assert.ok(result.reasons.includes('layout:wrapped'));
});

test('line breaks the user typed are not mistaken for wrapping', () => {
	assert.is(plainLostLayout('Yes.\nDeploy it to staging.', 'Yes. Deploy it to staging.'), null);
	// A break typed after a long line is in the HTML too, so the readings agree.
	const typed = ['Run these two, in this order, and tell me when both are finished:', 'npm run build'];
	assert.is(both(`${typed.join('\n')}\n\n${quoted}`, divs(typed) + htmlQuote).text, typed.join('\n'));
	// Words that differ are never a wrap, whatever the widths.
	assert.is(plainLostLayout(`${long.slice(0, 76)}\nlater.`, `${long.slice(0, 76)} soon.`), null);
});

test('wrapped CJK text joins without a space', () => {
	const line = '请先把迁移脚本在 staging 环境用 --dry-run 跑一遍，把受影响的行数和耗时都记录下来，然后把日志文件上传到共享目录里面，最后在群里通知大家确认没有问题之后再执行生产环境的迁移。';
	assert.is(plainLostLayout(`${line.slice(0, 70)}\n${line.slice(70)}`, line), 'layout:wrapped');
});

test('entities left in the plain part (QQ Mail) give way to the HTML', () => {
	const plain = '先跑测试：\nnpm test 2&gt;&amp;1 | tee test.log\n\n\n------------------&nbsp;原始邮件&nbsp;------------------\n发件人:&nbsp;"TaskPing"<notify@taskping.dev&gt;;\n发送时间:&nbsp;2025年1月6日(星期一) 上午9:14\n主题:&nbsp;[TaskPing #K7Q2XM9PA4B3C] app: done\n\n' + MARKER;
	const html = '<div>先跑测试：</div><div>npm test 2&gt;&amp;1 | tee test.log</div><div><br></div><div style="font-size: 12px;font-family: Arial Narrow;padding:2px 0 2px 0;">------------------&nbsp;原始邮件&nbsp;------------------</div><div><b>发件人:</b>&nbsp;"TaskPing"&lt;notify@taskping.dev&gt;;</div><div><b>发送时间:</b>&nbsp;2025年1月6日(星期一) 上午9:14</div><div><b>主题:</b>&nbsp;[TaskPing #K7Q2XM9PA4B3C] app: done</div><p>' + MARKER + '</p>';
	const result = both(plain, html);
	assert.is(result.text, '先跑测试：\nnpm test 2>&1 | tee test.log');
	assert.ok(result.reasons.includes('layout:entities'));
});

test('an entity the user typed on purpose stays as typed', () => {
	const typed = 'Escape it as &gt; in the template.';
	const result = both(`${typed}\n\n${quoted}`, divs(['Escape it as &amp;gt; in the template.']) + htmlQuote);
	assert.is(result.text, typed);
});

test('dated sender lines of clients outside the "wrote:" family', () => {
	assert.ok(isDatedSenderLine('6 Jan 2025, 09:14 by notify@taskping.dev:'));
	assert.ok(isDatedSenderLine('26.06.2014, 14:41, "Alexander L" <abc@example.com>:'));
	assert.ok(isDatedSenderLine('Thu, 26 Jun 2014 14:00:51 +0400 от Alexander L <abc@example.com>:'));
	assert.not.ok(isDatedSenderLine('Deploy at 09:14 on 2025-01-06 and tell bob@example.com:'));
	assert.not.ok(isDatedSenderLine('6 Jan 2025, 09:14, two things:'));
	assert.not.ok(isDatedSenderLine('6 Jan 2025, 09:14 by notify@taskping.dev'));
});

test('the line above an HTML quote naming sender and date is not the user\'s', () => {
	const html = '<div>Merge it.</div><div><br></div><div>6 Jan 2025, 09:14 by notify@taskping.dev:<br></div><blockquote class="tutanota_quote"><p>' + MARKER + '</p></blockquote>';
	const result = extractReply({ text: undefined, html, headers: new Map([['content-type', { value: 'text/html', params: {} }]]) as never, subject, attachments: [] });
	assert.is(result.text, 'Merge it.');
});

test('an image placeholder set apart by blank lines leaves one gap', () => {
	const plain = `Error:\n\n[image: shot.png]\n\nFix it.\n[cid:image001.png@01DB6012.5A3B2C10]\nThanks\n\n${quoted}`;
	assert.is(extractReply({ text: plain, html: false, headers: new Map(), subject, attachments: [] }).text, 'Error:\n\nFix it.\nThanks');
});

test.run();
