/** Kept apart from compose.ts so the hook's build (outbox.ts) never pulls in the Markdown renderer. */
/** A mail ready for nodemailer: pure data, so composing is testable without a transport. */
export interface OutgoingMail {
	from: string;
	to: string[];
	subject: string;
	text: string;
	html: string;
	messageId: string;
	inReplyTo?: string;
	references?: string[];
	headers: Record<string, string>;
	/** Files sent along (the whole of a long answer); content is text, so a queued mail stays JSON. */
	attachments?: Array<{ filename: string; content: string; contentType: string }>;
}

/**
 * Marks a mail as written by a machine (RFC 3834): vacation responders and other robots must not
 * answer it, so no mail loop can start. `auto-replied` for answers to a person's mail,
 * `auto-generated` for everything TaskPing sends on its own.
 */
export const machineHeaders = (kind: 'auto-generated' | 'auto-replied'): Record<string, string> => ({ 'Auto-Submitted': kind, 'X-Auto-Response-Suppress': 'All' });
