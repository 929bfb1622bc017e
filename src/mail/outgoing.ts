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
