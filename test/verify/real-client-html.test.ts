// Issue 11, second red team B2/B3/B4/B6/H1: what real clients write into a reply's HTML is
// read as shown (one level of smaller sizes and of sup/sub, white text on a dark banner,
// Outlook's hanging-indent lists, Gmail's emoji pictures, 163's clear:both), and each
// hostile twin of those forms (a negative indent beyond its margin, dark on dark, sizes that
// compound to a speck, words in a conditional comment only some clients show) is refused.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decideRedteamCase as decide } from './redteam-case.js';

/** Real-client replies and the text they must type. */
const TYPED: Record<string, string> = {
	'b89-samsung-email': 'Yes, update the README.', // <div style="font-size:85%;color:#575757"> signature
	'b106-font-size-smaller-once': 'Yes, update the README. (only the install part)',
	'b107-font-size-0-8em': 'Yes, update the README.\nMaya',
	'b109-font-size-75pct': 'Yes, update the README.\nMaya',
	'b110-sub-sup-once': 'Yes, set the limit to 106 and use H2O as the name.',
	'b114-light-grey-ccc': 'Yes, update the README.\n(auto-translated)',
	'b117-gmail-text-color-white-on-blue': 'Yes, update the README.',
	'b118-outlook-dark-sig-table': 'Maya Chen\nYes, update the README.',
	'b120-163-sig': '可以，更新吧。\n\n--\nMaya',
	'b131-outlook-ordinal-sup': 'Yes, but release it on the 1st, not the 2nd.',
	'b133x-outlook-list-class-margin': 'Yes, please:\n\n  1.  update the README\n  2.  run the tests',
	'b136-gmail-web-emoji-img': 'Yes 👍',
	'b138-outlook-bullets-symbol-textindent': 'Yes, please:\n\n  *   update the README\n  *   run the tests',
	'b139-outlook-sup-only-html': 'Yes, release on the 1st.',
	'b140-html-only-sup-footnote': 'Yes, update the README1.\n1 the install section only',
};
for (const [name, text] of Object.entries(TYPED)) {
	test(`${name}: typed as the client shows it`, async () => {
		const decision = await decide(name);
		assert.equal(decision.reasons, [], decision.details.join(' | '));
		assert.is(decision.text, text);
	});
}

test('b137: a permission answer of one Gmail emoji picture is read', async () => {
	const decision = await decide('b137-perm-gmail-web-emoji-only');
	assert.equal(decision.reasons, [], decision.details.join(' | '));
});

/** Hostile twins and forms whose visibility differs between clients: refused, with the reason that names it. */
const REFUSED: Record<string, [string, RegExp]> = {
	't138-indent-beyond-margin': ['html-unsupported', /text-indent.*larger than its 8px left margin/],
	't133-important-margin-beats-inline': ['html-unsupported', /text-indent.*0px left margin/],
	'b133-outlook-numbered-list-conditional': ['html-unsupported', /text-indent.*0px left margin/], // no margin anywhere: the marker leaves the page
	't133b-list-conditional-with-words': ['hidden-text', /conditional comment \(\[if !supportLists\]\)/],
	't133c-word-as-list-marker': ['hidden-text', /conditional comment/],
	'h243-mso-conditional-visible-in-browser': ['hidden-text', /conditional comment \(\[if !mso\]\)/],
	'h244-mso-conditional-outlook-only': ['hidden-text', /conditional comment \(\[if mso\]\)/],
	'h245-downlevel-revealed': ['hidden-text', /conditional comment \(\[if !mso\]\)/],
	't117-white-on-white-highlight': ['html-unsupported', /#ffffff on #ffffff/],
	't118-dark-text-on-dark-table': ['html-unsupported', /#2a2f36 on #1f2328/],
	't118b-style-colour-on-dark-table': ['html-unsupported', /#1f2328 on #1f2328/],
	'h313-yellow-text-white-bg': ['html-unsupported', /#ffff00 on #ffffff/],
	'h316-d0d0d0-small': ['html-unsupported', /#d0d0d0 on #ffffff at 10px/],
	'h317-body-bgcolor-black': ['html-unsupported', /#000000 on #000000/],
	't131-sup-in-sup-in-sup-in-sup': ['tiny-text', /7\.1px/], // main counts the stylesheet's 11pt at its worst (7ddc782): 14.7px × 0.83⁴
	't89-relative-sizes-compound': ['tiny-text', /4\.1px/],
	'b130-outlook-smiley-wingdings-J': ['html-unsupported', /send the reply without the smiley, or as plain text/],
};
for (const [name, [reason, detail]] of Object.entries(REFUSED)) {
	test(`${name}: refused (${reason})`, async () => {
		const decision = await decide(name);
		assert.is(decision.accepted, false, `typed: ${JSON.stringify(decision.text)}`);
		assert.ok(decision.reasons.includes(reason), `reasons: ${decision.reasons.join(', ')}; details: ${decision.details.join(' | ')}`);
		assert.ok(decision.details.some((d) => detail.test(d)), decision.details.join(' | '));
	});
}

test.run();
