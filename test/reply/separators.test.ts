// Outlook-style separators ("-----Original Message-----" in any language,
// no ">" prefix) above a header block: history only when what follows is our
// notification (its subject tag, our name or address, our marker), told by
// structure, not by a list of the separator's words.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { extractReply } from '../../src/reply/extract.js';
import { checkShownText } from '../../src/verify/hidden-html.js';

const SUBJECT = '[TaskPing #K7Q2XM9PA4B3C] app: Shall I deploy?';
const MARKER = '##- TaskPing · reply above or below this quote · 在引用上方或下方回复 -##';
const fromText = (text: string) => extractReply({ text, html: false, headers: new Map(), subject: `AW: ${SUBJECT}`, attachments: [] }).text;

// Outlook's separator and header labels in the languages it ships, from its public formats.
const LOCALES: Array<[string, string[]]> = [
	['-----Ursprüngliche Nachricht-----', ['Von', 'Gesendet', 'An', 'Betreff']],
	["-----Message d'origine-----", ['De', 'Envoyé', 'À', 'Objet']],
	['-----Mensaje original-----', ['De', 'Enviado el', 'Para', 'Asunto']],
	['-----Mensagem original-----', ['De', 'Enviada em', 'Para', 'Assunto']],
	['-----Исходное сообщение-----', ['От', 'Отправлено', 'Кому', 'Тема']],
	['-----Messaggio originale-----', ['Da', 'Inviato', 'A', 'Oggetto']],
	['-----Oorspronkelijk bericht-----', ['Van', 'Verzonden', 'Aan', 'Onderwerp']],
	['----- 元のメッセージ -----', ['差出人', '送信日時', '宛先', '件名']],
	['-----원본 메시지-----', ['보낸 사람', '보낸 날짜', '받는 사람', '제목']],
	['-----Wiadomość oryginalna-----', ['Od', 'Wysłano', 'Do', 'Temat']],
];

for (const [separator, [from, sent, to, subject]] of LOCALES) {
	test(`"${separator}" above a header block naming us starts history`, () => {
		const history = `${separator}\n${from}: TaskPing <notify@taskping.dev>\n${sent}: 6.1.2025 09:14\n${to}: Dana <dana@example.com>\n${subject}: ${SUBJECT}\n\nShall I deploy?\n${MARKER}`;
		assert.is(fromText(`Ja, bitte.\n\n${history}`), 'Ja, bitte.');
	});
}

test('a separator above the notification body itself (no header block) starts history', () => {
	assert.is(fromText(`Yes.\n\n----- Original -----\nShall I deploy?\n${MARKER}\nClaude finished.`), 'Yes.');
});

test('a separator of the user\'s own, or above a mail that is not ours, cuts nothing', () => {
	assert.is(fromText('Run it.\n\n--- notes ---\nNot on prod, staging only.'), 'Run it.\n\n--- notes ---\nNot on prod, staging only.');
	const bob = 'Deploy after this:\n\n-----Original Message-----\nFrom: Bob <bob@example.com>\nSent: Monday, January 6, 2025 9:14 AM\nTo: Dana <dana@example.com>\nSubject: release freeze\n\nNo deploys on Friday.';
	assert.is(fromText(bob), bob);
});

const fromHtml = (html: string) => extractReply({ text: undefined, html, headers: new Map([['content-type', { value: 'text/html', params: {} }]]) as never, subject: `Re: ${SUBJECT}`, attachments: [] }).text;
const QQ_HEADER = `<div style="font-size:12px;background:#efefef;padding:8px;"><div><b>From:</b>&nbsp;"TaskPing · app"&lt;notify@taskping.dev&gt;;</div><div><b>Date:</b>&nbsp;Mon, Jan 6, 2025 9:14 AM</div><div></div><div><b>Subject:</b>&nbsp;${SUBJECT}</div></div>`;

test('HTML without a history container: a separator above our header block starts history for the typed text and the shown-text check', () => {
	const html = `<div>OK, update it.</div><div><br></div><div><div style="font-size:12px;font-family:Arial Narrow;">------------------&nbsp;Original&nbsp;------------------</div>${QQ_HEADER}<div><span style="letter-spacing:.04em">Done</span> ${MARKER}</div></div>`;
	assert.is(fromHtml(html), 'OK, update it.');
	assert.is(checkShownText(html, 'OK, update it.'), null);
});

test('HTML: a separator of the user\'s own is their text, in both readers', () => {
	const html = '<div>Run it.</div><div>--- notes ---</div><div>Not on prod, staging only.</div>';
	assert.is(fromHtml(html), 'Run it.\n--- notes ---\nNot on prod, staging only.');
	assert.is(checkShownText(html, 'Run it.')?.code, undefined); // trailing words untyped are not hidden words…
	assert.is(checkShownText(html, 'Run it. Not on prod, staging only.')?.code, 'hidden-text'); // …but a gap in the middle is
});

test.run();
