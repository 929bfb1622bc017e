/**
 * Mail no person wrote: out-of-office replies, bounces, read receipts. Decided
 * from headers first (RFC 3834 Auto-Submitted, the X-Autoreply family,
 * Precedence, multipart/report), then from the subjects auto-responders use
 * in a few languages (one signal only: some Chinese providers set no header at all).
 */
import type { ParsedMail } from 'mailparser';
import { fromAddress, readHeader } from '../mail/parsed-mail.js';

// Out-of-office subjects are "<phrase>: <original subject>"; bounce and receipt subjects stand alone.
const AUTO_REPLY_SUBJECT = /^(?:(?:re|答复|回复)\s*[:：]\s*)?(?:自动回复|自動回覆|自动答复|自動答覆|自動回復|自动应答|自動應答|休假自动回复|假期自动回复|Automatic reply|Auto(?:matic)?[- ]?(?:reply|response|antwort)|Autoreply|Out of (?:the )?office(?: reply| autoreply)?|Out-of-office|Abwesend|Automatische Antwort|Réponse automatique|Respuesta automática|Resposta automática|Risposta automatica|Automatisch antwoord|Автоматический ответ|Автоответ|自動応答|不在通知|자동 회신)\s*[:：]/i;
const SYSTEM_SUBJECT = /^(?:Undeliverable\s*:|Undelivered Mail Returned|Delivery Status Notification|Delivery (?:has )?failed|Mail delivery failed|Mail Delivery (?:Subsystem|System)|Returned mail\s*:|Failure notice|Read\s*:|Not read\s*:|Read receipt|已读\s*[:：]|已讀\s*[:：]|已阅读\s*[:：]|未读\s*[:：]|系统退信|退信\s*[:：]|邮件投递失败|無法傳遞\s*[:：]|无法投递\s*[:：]|未送达\s*[:：])/i;

/** A reason code when the mail was sent by a machine, else null. */
export function detectAutomated(headers: ParsedMail['headers'], subject: string | undefined, contentType?: string): string | null {
	const get = (name: string): string => readHeader(headers, name);
	const autoSubmitted = get('auto-submitted').toLowerCase();
	if (autoSubmitted && !/^no\b/.test(autoSubmitted)) return 'automated:auto-submitted';
	if (has(headers, 'x-autoreply') || has(headers, 'x-autoreply-from') || has(headers, 'x-mail-autoreply')) return 'automated:x-autoreply';
	if (has(headers, 'x-autorespond') || has(headers, 'x-autoresponder')) return 'automated:x-autorespond';
	if (/^(?:bulk|auto_reply|auto-reply|junk)\b/i.test(get('precedence').trim())) return 'automated:precedence';
	if (get('x-auto-response') || /^(?:auto|oof)/i.test(get('x-ms-exchange-generated-message-source'))) return 'automated:x-autoreply';
	// Exchange stamps Inbox-Rules-Loop on every mail an inbox rule generates (out-of-office, auto-reply, forward,
	// redirect): none was typed by a person. It writes X-Auto-Response-Suppress: All on its own automatic replies
	// (so they are not answered in turn); a person's mail from Outlook/OWA/Outlook.com carries no such header
	// (none of our real-client fixtures does). Older Exchange OOF replies carry only these two, no Auto-Submitted,
	// under a localised subject ("Automatische Antwort:", "自動応答:", "Автоматический ответ:").
	if (has(headers, 'x-ms-exchange-inbox-rules-loop')) return 'automated:inbox-rule';
	if (/(?:^|[\s,])all(?:$|[\s,])/i.test(get('x-auto-response-suppress'))) return 'automated:x-auto-response-suppress';
	const type = (contentType ?? get('content-type')).toLowerCase();
	if (/^multipart\/report\b/.test(type) || /^message\/(?:delivery-status|disposition-notification)\b/.test(type)) return 'automated:report';
	if (has(headers, 'x-failed-recipients') || /^(?:mailer-daemon|postmaster)@/i.test(fromAddress(readFrom(headers)) ?? readHeader(headers, 'from'))) return 'automated:bounce';
	const subjectText = (subject ?? get('subject')).trim();
	if (AUTO_REPLY_SUBJECT.test(subjectText) || SYSTEM_SUBJECT.test(subjectText)) return 'automated:subject';
	return null;
}

function has(headers: ParsedMail['headers'], name: string): boolean {
	return typeof headers?.has === 'function' && headers.has(name);
}

const readFrom = (headers: ParsedMail['headers']): unknown => (typeof headers?.get === 'function' ? headers.get('from') : undefined);
