import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { mailHost } from '../session/token.js';
import { escapeHtml } from './html-escape.js';
import type { Language } from '../config/fields.js';
import { TEXTS } from './i18n.js';
import { REPLY_MARKER } from './marker.js';
import { machineHeaders, type OutgoingMail } from './outgoing.js';

/**
 * The test notification `init` and `send-test` send, in the configured language. It carries no
 * token, so a reply to it is never typed (init reads one only to learn the authserv-id).
 */
export function composeTestMail(from: string, to: string[], language: Language, now = new Date()): OutgoingMail {
	const words = TEXTS[language].testMail;
	const body = words.body(hostname(), now.toISOString());
	return {
		from,
		to,
		subject: words.subject,
		text: `${REPLY_MARKER}\n\n${body}\n`,
		html: `<p>${escapeHtml(body).replace(/\n/g, '<br>')}</p>`,
		messageId: `<taskping-test.${randomBytes(8).toString('hex')}@${mailHost()}>`,
		headers: machineHeaders('auto-generated'),
	};
}
