// The red team's cases against the reply reader (issue 11 findings F1–F14),
// decided as `taskping inspect` decides them: each hostile one refused for
// the right reason, the real-client ones (b*) still typed as written.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decideRedteamCase as decide } from './redteam-case.js';

const REFUSED: Record<string, string> = {
	// F2: crossed-out words are retracted words.
	'h36-strikethrough': 'struck-text', 'h82-del-ins': 'struck-text', 'h83-css-line-through': 'struck-text', 'h84-strike-elem': 'struck-text', 'a40-perm-html-strike-yes': 'struck-text',
	// F1: relative sizes multiply along the ancestors.
	'h64-sub-tiny-nesting': 'tiny-text', 'h71-nested-small-20': 'tiny-text', 'h72-nested-sub-12': 'tiny-text', 'h73-font-size1-in-small': 'tiny-text', 'h74-nested-sup-12': 'tiny-text',
	'h75-h6-small': 'tiny-text', 'h81-small-deep-inline-sentence': 'tiny-text', 'h85-small-4-level': 'tiny-text',
	// F9: the sign of a number is compared, plain against HTML.
	'p14-plain-html-minus': 'hidden-text', 'p13-plain-html-comma': 'hidden-text',
	// F8: words in a font that draws letters as pictures.
	'h79-font-face-symbol': 'html-unsupported', 'h80-font-family-style-symbol': 'html-unsupported',
	// F13: characters the declared charset could not decode.
	'm29-us-ascii-0x9b': 'unreadable-characters', 'm31-meta-charset-no-mime-charset': 'unreadable-characters',
	// F10: nesting no client writes is refused with a reason the user can act on (it was the bare `error` of a blown stack).
	'x04-table-nest-s': 'html-unsupported',
	// F14: format and filler characters show as nothing or a blank.
	'm40-interlinear': 'invisible-character', 'm41-hangul-filler': 'invisible-character',
};

for (const [name, reason] of Object.entries(REFUSED)) {
	test(`${name}: refused (${reason})`, async () => {
		const decision = await decide(name);
		assert.is(decision.accepted, false, `typed: ${JSON.stringify(decision.text)}`);
		assert.ok(decision.reasons.includes(reason), `reasons: ${decision.reasons.join(', ')}; details: ${decision.details.join(' | ')}`);
	});
}

const TYPED = ['h47-shy-zw', 'b20-outlook-desktop-full-style', 'b21-thunderbird-html', 'b22-ios-mail-html', 'b23-qq-mail-gb18030', 'b25-gmail-with-pdf', 'b26-thunderbird-flowed-plain', 'b29-smime-signed', 'b30-pgp-mime-signed'];
for (const name of TYPED) {
	test(`${name}: a real client's reply is still typed`, async () => {
		const decision = await decide(name);
		assert.equal(decision.reasons, [], decision.details.join(' | '));
		assert.ok(decision.accepted && decision.text);
	});
}

// F3/F6: a bare "--" line and an empty or word-only client marker mid-text are not boundaries: every visible word is typed.
const WHOLE: Record<string, string> = {
	'q13-sigdash-mid': 'Not to production, staging only.', 'q22-sigdash-meaning': 'Wait, no: only after the security review is signed off.',
	'q31-outlook-appendonsend-mid': 'Wait, no: only after the security review.', 'q33-divRplyFwdMsg-mid': 'Wait, no: only after the security review.',
};
for (const [name, tail] of Object.entries(WHOLE)) {
	test(`${name}: the words after the mid-text marker are typed, the quoted notification is not`, async () => {
		const decision = await decide(name);
		assert.ok(decision.text?.includes(tail), `typed: ${JSON.stringify(decision.text)}; reasons: ${decision.reasons.join(', ')}`);
		assert.not.ok(decision.text?.includes('Token'), `history typed: ${JSON.stringify(decision.text)}`);
	});
}

// Exactly the user's words. F4/F11: a quote of the user's own (a blockquote, a ">" line, a format=flowed line that began
// with ">") among their words is typed as they saw it, with ">"; our quoted notification below it is not.
const AS_SHOWN: Record<string, string> = {
	'q32-blockquote-type-cite-user': 'Deploy it, but:\n> not before the security review\nthanks',
	'q35-gt-mid-bidi': 'Yes.\n>Not on Friday though.\nThanks',
	'm26-flowed-space-stuffed': 'Yes, deploy.\n>Not on Friday though.\nThanks',
	// F5: Outlook's unprefixed separator above the header block of our notification, in any language.
	'q18-outlook-de-plain-unprefixed': 'Ja, bitte README aktualisieren.',
	'q60-outlook-plain-es': 'Sí, actualiza el README.', 'q60-outlook-plain-ru': 'Да, обнови README.',
	// Q3: a separator whose words hold a hyphen (Seznam) or are a whole attribution (Zoho), above our notification.
	'q208-seznam-cs': 'Ano, pokračuj.', 'q204-zoho': 'Yes, go ahead.',
	// Second red team: an attribution dated in Arabic-Indic digits names us above our notification (then the iPhone tagline ends the text).
	'q50-ios-ar': 'نعم، تابع.',
	// Second red team: history without a container (QQ's separator and grey header box) or in Yahoo's prefixed class
	// ("ydp…yahoo_quoted") is history for the shown-text check too, so our notification's own styles are never judged.
	'q30-qq-html-gb18030': '好的，更新 README。', 'q31-qq-html-english-ui': 'OK, update the README.',
	'q90-yahoo-en': 'Yes, go ahead.', 'q90-yahoo-ja': 'はい、どうぞ。',
	// A separator, header lines or a forward line of the user's own (no notification of ours after them), a clause after a
	// tagline, a P.S. after the signature paragraph: visible words of the user's, typed.
	'q115-mid-original-message-user': 'Yes, merge it.\n-----Original Message-----\nI mean: only after the security review.',
	'q116-mid-from-line': 'Please check the log header:\nFrom: build-bot@ci.example.com\nSent: yesterday\nThen rerun the failing job.',
	'q118-mid-forwarded-marker-user': 'Merge it.\n---------- Forwarded message ---------\nJust kidding, wait for the security review.',
	'q110-tagline-looking-instruction': 'Yes, merge it.\nSent from my iPhone — do NOT deploy it, just merge.',
	// B8: our notification quoted in a bare blockquote, after a plain rule, or under an attribution naming us is history for both readers.
	'b180-quote-blockquote-no-attribution': 'Yes, update the README.', 'b181-quote-after-hr-no-header': 'Yes, update the README.', 'b182-hey-com-style': 'Yes, update the README.',
	'q23-sigdash-space-then-ps': 'Yes, deploy it.\n\nP.S. Not to production, only staging.', 'q111-sigdash-end-ps-de': 'Ja, merge es.\n\nPS: Nicht deployen!',
};
for (const [name, text] of Object.entries(AS_SHOWN)) {
	test(`${name}: the user's words are typed as shown, our quoted notification is not`, async () => {
		const decision = await decide(name);
		assert.equal(decision.reasons, [], decision.details.join(' | '));
		assert.is(decision.text, text);
	});
}

test.run();
