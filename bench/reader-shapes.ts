/**
 * Replies for the reader row of the bench (9): the user's short answer on top
 * of a long thread, in the markup real clients write, grown to any size by
 * more rounds of history, the way a long-running session's thread grows. A
 * reply is only ever large because of what it quotes (the typed text is
 * capped by maxReplyLength), so the history is where the bytes are.
 *
 * - outlook: Outlook desktop's Word HTML (its whole <style> block, MsoNormal
 *   paragraphs, spans with fonts, the flat "From: / Sent:" header box per
 *   round), with its plain part, as in test/fixtures/replies/outlook-desktop-*.
 * - gmail: Gmail's divs around the notification it quotes (our own HTML with
 *   its inline styles, rendered from a long Markdown answer), with its plain part.
 * - hostile: what costs the reader most per byte within the HTML limits.
 */
import { renderMarkdown } from '../src/mail/markdown.js';

export interface ReaderShape { name: string; what: string; build: (bytes: number) => string }

export const READER_TOKEN = 'K7Q2XM9PA4B3C';
export const READER_FROM = 'maya.chen@gmail.com';
export const READER_SERVICE = 'taskping@notify.devbox.example.net';
export const READER_AUTHSERV = 'mx.taskping.test';
/** What each real-client shape must type: the user's answer, nothing of the history. */
export const READER_ANSWER = 'Yes, update the README and run the tests again.';

const head = (contentType: string) =>
	[
		`Authentication-Results: ${READER_AUTHSERV}; dkim=pass header.d=gmail.com; spf=pass smtp.mailfrom=${READER_FROM}; dmarc=pass header.from=gmail.com`,
		`From: Maya Chen <${READER_FROM}>`,
		`To: TaskPing <${READER_SERVICE}>`,
		`Subject: Re: [TaskPing #${READER_TOKEN}] shop-api: All tests pass. Deploy?`,
		'Date: Mon, 7 Dec 2026 06:20:00 +0000',
		'Message-ID: <reader-bench-1@mail.gmail.com>',
		`In-Reply-To: <taskping.${READER_TOKEN}.1@notify.devbox.example.net>`,
		`References: <taskping.${READER_TOKEN}.1@notify.devbox.example.net>`,
		'MIME-Version: 1.0',
		`Content-Type: ${contentType}`,
		'',
		'',
	].join('\r\n');

/** A multipart/alternative mail of a plain and an HTML part, both 8bit UTF-8 (the reader's cost, not the decoder's). */
function alternative(plain: string, html: string): string {
	const b = 'reader-bench-boundary';
	const part = (type: string, body: string) => `--${b}\r\nContent-Type: ${type}; charset="utf-8"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${body.replace(/\r?\n/g, '\r\n')}\r\n`;
	return `${head(`multipart/alternative; boundary="${b}"`)}${part('text/plain', plain)}${part('text/html', html)}--${b}--\r\n`;
}

/** The lines of one earlier round: a notification as the thread holds it (headline, what Claude said with a code block, the facts). */
function roundLines(n: number): { lines: string[]; code: string[] } {
	return {
		lines: [
			`Done: Round ${n} finished. Shall I go on with the migration? · shop-api`,
			'##- Reply above this line -##',
			'Claude said:',
			`I moved the order totals to integer cents in step ${n}, updated the three call sites in src/orders and ran the suite: 412 passed, 0 failed.`,
			'The one place that still rounds is the invoice export; it now calls roundHalfEven() from src/money.ts.',
		],
		code: [`$ npm test -- orders`, `PASS  test/orders/totals.test.ts (${n}.2 s)`, `PASS  test/orders/invoice.test.ts`, 'Tests: 412 passed, 412 total'],
	};
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const OUTLOOK_STYLE = `<style><!--
/* Font Definitions */
@font-face
	{font-family:"Cambria Math";
	panose-1:2 4 5 3 5 4 6 3 2 4;}
@font-face
	{font-family:Calibri;
	panose-1:2 15 5 2 2 2 4 3 2 4;}
@font-face
	{font-family:Consolas;
	panose-1:2 11 6 9 2 2 4 3 2 4;}
/* Style Definitions */
p.MsoNormal, li.MsoNormal, div.MsoNormal
	{margin:0cm;
	font-size:11.0pt;
	font-family:"Calibri",sans-serif;}
a:link, span.MsoHyperlink
	{mso-style-priority:99;
	color:#0563C1;
	text-decoration:underline;}
pre
	{mso-style-priority:99;
	mso-style-link:"HTML Preformatted Char";
	margin:0cm;
	font-size:10.0pt;
	font-family:"Courier New";}
span.EmailStyle20
	{mso-style-type:personal-reply;
	font-family:"Calibri",sans-serif;
	color:windowtext;}
.MsoChpDefault
	{mso-style-type:export-only;
	font-size:10.0pt;}
@page WordSection1
	{size:612.0pt 792.0pt;
	margin:72.0pt 72.0pt 72.0pt 72.0pt;}
div.WordSection1
	{page:WordSection1;}
--></style>`;

function outlook(bytes: number): string {
	const p = (text: string) => `<p class="MsoNormal">${text}<o:p></o:p></p>\n`;
	const headerBox = (n: number) =>
		`<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">\n${p(`<b>From:</b> TaskPing &lt;${READER_SERVICE}&gt; <br>\n<b>Sent:</b> Monday, December 7, 2026 ${n % 12}:10 AM<br>\n<b>To:</b> Maya Chen &lt;${READER_FROM}&gt;<br>\n<b>Subject:</b> Done: Round ${n} finished · shop-api [TaskPing #${READER_TOKEN}]`)}</div>\n${p('<o:p>&nbsp;</o:p>')}`;
	let html = `<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" xmlns="http://www.w3.org/TR/REC-html40"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><meta name="Generator" content="Microsoft Word 15 (filtered medium)">${OUTLOOK_STYLE}</head><body lang="EN-US" link="#0563C1" vlink="#954F72" style="word-wrap:break-word"><div class="WordSection1">\n${p(`<span style="font-size:11.0pt">${READER_ANSWER}</span>`)}${p('<o:p>&nbsp;</o:p>')}<div id="mail-editor-reference-message-container">\n`;
	let plain = `${READER_ANSWER}\n\n`;
	for (let n = 1; html.length < bytes - 2000; n++) {
		const { lines, code } = roundLines(n);
		html += `${headerBox(n)}${lines.map((line) => p(`<span style="font-size:12.0pt;font-family:&quot;Segoe UI&quot;,sans-serif;color:#1F1F1F">${escapeHtml(line)}</span>`)).join('')}`;
		html += code.map((line) => p(`<span style="font-size:10.0pt;font-family:Consolas;color:#24292F;background:#F6F8FA">${escapeHtml(line)}</span>`)).join('');
		html += p('<o:p>&nbsp;</o:p>');
		plain += `From: TaskPing <${READER_SERVICE}>\nSent: Monday, December 7, 2026 ${n % 12}:10 AM\nTo: Maya Chen <${READER_FROM}>\nSubject: Done: Round ${n} finished · shop-api [TaskPing #${READER_TOKEN}]\n\n${lines.join('\n')}\n${code.join('\n')}\n\n`;
	}
	return alternative(plain, `${html}</div></div></body></html>`);
}

/** Claude's answer as Markdown, one section per step, each with prose, a list, a code block and a table. */
function answerMarkdown(bytes: number): string {
	let md = '';
	for (let n = 1; md.length < bytes; n++) {
		const { lines, code } = roundLines(n);
		md += `## Step ${n}\n\n${lines[3]} ${lines[4]}\n\n- moved \`totals()\` to cents\n- kept **the invoice export** as it was\n\n\`\`\`\n${code.join('\n')}\n\`\`\`\n\n| file | change |\n|---|---|\n| src/orders/totals.ts | +${n} -${n} |\n\n`;
	}
	return md;
}

/** Gmail quotes the notification it answers (our own HTML, inline styles kept) in one gmail_quote blockquote. */
function gmail(bytes: number): string {
	const md = answerMarkdown(bytes * 0.28);
	const quoted = `<div style="font-size:17px;font-weight:600">Done: All tests pass. Deploy?</div><div style="color:#6b7280;font-size:12px">##- Reply above this line -##</div>\n${renderMarkdown(md)}<div style="color:#6b7280;font-size:12px">shop-api (/work/shop-api) on devbox<br>Token ${READER_TOKEN}</div>`;
	const attribution = `On Mon, Dec 7, 2026 at 6:10 AM TaskPing &lt;${READER_SERVICE}&gt; wrote:`;
	const html = `<div dir="ltr"><div>${READER_ANSWER}</div></div><br><div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">${attribution}<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">${quoted}</blockquote></div>\n`;
	const plain = `${READER_ANSWER}\n\nOn Mon, Dec 7, 2026 at 6:10 AM TaskPing <${READER_SERVICE}> wrote:\n\n${`Done: All tests pass. Deploy?\n##- Reply above this line -##\n\n${md}`.split('\n').map((line) => `> ${line}`).join('\n')}\n`;
	return alternative(plain, html);
}

/**
 * What costs the reader most per byte within the limits: one styled element per
 * two words, nested 400 deep and then flat, at the tag density of the
 * tag limit, in the history (typed, it would be refused as too long at once).
 */
function hostile(bytes: number): string {
	const unit = '<span style="font-size:11pt;color:#333">-1, w </span>';
	const count = Math.max(1, Math.floor(bytes / unit.length));
	const depth = Math.min(count, 400);
	const dense = `${unit.replace('</span>', '').repeat(depth)}${'</span>'.repeat(depth)}${unit.repeat(count - depth)}`;
	const html = `<div dir="ltr">${READER_ANSWER}</div><div class="gmail_quote"><div class="gmail_attr">On Mon, Dec 7, 2026 at 6:10 AM TaskPing &lt;${READER_SERVICE}&gt; wrote:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">${dense}</blockquote></div>`;
	return `${head('text/html; charset="utf-8"')}${html}\r\n`;
}

export const READER_SHAPES: ReaderShape[] = [
	{ name: 'outlook', what: 'Outlook desktop reply over a flat thread (Word HTML, full <style>), plain + HTML', build: outlook },
	{ name: 'gmail', what: 'Gmail reply quoting a long notification (our Markdown HTML in a gmail_quote), plain + HTML', build: gmail },
	{ name: 'hostile', what: 'HTML only, one styled element per two words, 400 deep then flat, in the history', build: hostile },
];
