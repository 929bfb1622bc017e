// The user's own quotes against our quoted history (issue 11: "nothing
// visible is removed from the middle of the user's text"): a reply quotes one
// mail, ours, so history is what holds our content, an attribution naming us,
// or the trimmed quote at the top of a bottom-posted reply. Any other quote
// among the user's words is typed as the person saw it, with ">".
import { simpleParser } from 'mailparser';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { extractReply } from '../../src/reply/extract.js';
import { checkShownText } from '../../src/verify/hidden-html.js';

const SUBJECT = 'Re: Done: Shall I deploy? · app [TaskPing #K7Q2XM9PA4B3C]';
const MARKER = '##- TaskPing · reply above or below this quote · 在引用上方或下方回复 -##';
const NOTE = `Shall I deploy?\n${MARKER}\n\nClaude finished.\n\nShall I deploy?`;
const quoted = (text: string) => text.split('\n').map((l) => (l ? `> ${l}` : '>')).join('\n');
const attribution = 'On Mon, Jan 6, 2025 at 9:14 AM TaskPing · app <notify@taskping.dev> wrote:';
const fromText = (text: string) => extractReply({ text, html: false, headers: new Map(), subject: SUBJECT, attachments: [] }).text;
const fromHtml = (html: string) => extractReply({ text: undefined, html, headers: new Map([['content-type', { value: 'text/html', params: {} }]]) as never, subject: SUBJECT, attachments: [] }).text;
const gmailHistory = `<div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">On Mon, Jan 6, 2025 at 9:14 AM TaskPing · app &lt;<a href="mailto:notify@taskping.dev">notify@taskping.dev</a>&gt; wrote:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex"><p>Shall I deploy?</p><p>${MARKER}</p><p>Claude finished.</p></blockquote></div>`;

test('plain: a ">" line of the user\'s between their words is typed, our quoted notification is not', () => {
	const user = 'Yes.\n>Not on Friday though.\nThanks';
	assert.is(fromText(`${user}\n\n${attribution}\n\n${quoted(NOTE)}`), user);
	assert.is(fromText(`Deploy it.\n\nBob wrote:\n> we must not deploy on Fridays\n\nSo wait until Monday.\n\n${attribution}\n${quoted(NOTE)}`), 'Deploy it.\n\nBob wrote:\n> we must not deploy on Fridays\n\nSo wait until Monday.');
});

test('plain: an inline reply inside our quoted notification keeps only the answers', () => {
	const text = `${attribution}\n\n${quoted(`Shall I deploy?\n${MARKER}\n\nClaude finished.`)}\n\nGood.\n\n> Shall I deploy?\n\nYes, to staging.`;
	assert.is(fromText(text), 'Good.\n\nYes, to staging.');
});

test('plain: what holds our content is history wherever it sits, in any language of attribution', () => {
	assert.is(fromText(`Ja.\n\n> ${MARKER}\n> Claude finished.\n\nDanke`), 'Ja.\n\nDanke');
	assert.is(fromText(`Ja.\n\nAm 06.01.2025 um 09:14 schrieb TaskPing <notify@taskping.dev>:\n> Shall I deploy?\n\nDanke`), 'Ja.\n\nDanke');
});

test('format=flowed: a space-stuffed ">" line is the user\'s text (RFC 3676 4.4), a quoted block of ours is not', async () => {
	const raw = [
		'From: a@b.c', 'To: notify@taskping.dev', `Subject: ${SUBJECT}`, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8; format=flowed', '',
		'Yes, deploy.', ' >Not on Friday though.', ' From now on, ask first.', 'Thanks', '', attribution, '', quoted(NOTE), '',
	].join('\r\n');
	const mail = await simpleParser(raw);
	assert.is(extractReply(mail).text, 'Yes, deploy.\n>Not on Friday though.\nFrom now on, ask first.\nThanks');
});

test('HTML: the user\'s own blockquote between their lines is typed with ">", and the shown-text check agrees', () => {
	const html = `<div dir="ltr"><div>Deploy it, but:</div><blockquote type="cite">not before the security review<blockquote type="cite">nor on Friday</blockquote></blockquote><div>thanks</div></div><br>${gmailHistory}`;
	const text = fromHtml(html);
	assert.is(text, 'Deploy it, but:\n> not before the security review\n> > nor on Friday\nthanks');
	assert.is(checkShownText(html, text ?? ''), null);
	// Typing it without the quoted words is what the check refuses now.
	assert.is(checkShownText(html, 'Deploy it, but:\nthanks')?.code, 'hidden-text');
});

test('HTML: an inline reply in Gmail and Apple Mail keeps only the answers', () => {
	const gmail = `${gmailHistory.replace('</blockquote></div>', '</blockquote><div>A1</div><blockquote class="gmail_quote">Q2?</blockquote><div>A2</div></div>')}`;
	assert.is(fromHtml(gmail), 'A1\n\nA2');
	const apple = `<div>On Jan 6, 2025, at 09:14, TaskPing &lt;notify@taskping.dev&gt; wrote:</div><blockquote type="cite">Q1?</blockquote><div>A1</div><blockquote type="cite">Q2?</blockquote><div>A2</div>`;
	assert.is(fromHtml(apple), 'A1\n\nA2');
	assert.is(checkShownText(apple, 'A1\n\nA2'), null);
});

test('HTML: a client history container or rule cuts only where our notification follows', () => {
	for (const open of ['<div id="divRplyFwdMsg">', '<div class="yahoo_quoted">', '<includetail>']) {
		const close = open === '<includetail>' ? '</includetail>' : '</div>';
		assert.is(fromHtml(`<div>Deploy it.</div>${open}Wait, no: only after the review.${close}<div>Thanks</div>`), 'Deploy it.\nWait, no: only after the review.\nThanks', open);
		assert.is(fromHtml(`<div>Deploy it.</div>${open}From: TaskPing &lt;notify@taskping.dev&gt;<br>Claude finished.${close}`), 'Deploy it.', open);
	}
	for (const id of ['stopSpelling', 'replySplit']) {
		assert.is(fromHtml(`<div>Deploy it.</div><hr id="${id}"><div>Wait, no: only after the review.</div>`), 'Deploy it.\nWait, no: only after the review.', id);
		assert.is(fromHtml(`<div>Deploy it.</div><hr id="${id}"><div><b>From:</b> TaskPing &lt;notify@taskping.dev&gt;<br><b>Subject:</b> Done: Shall I deploy? · app [TaskPing #K7Q2XM9PA4B3C]</div><div>Claude finished.</div>`), 'Deploy it.', id);
	}
});

test.run();
