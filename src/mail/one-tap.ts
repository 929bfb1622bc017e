/**
 * One-tap answers: mailto: links that open a reply already filled in — to
 * the address a typed reply goes to, with the notification's subject (so its
 * token) and In-Reply-To (so it threads), and the answer as the body. The
 * person still taps Send in their own mail app, so the answer arrives as an
 * ordinary mail from their own authenticated address and passes exactly the
 * checks a typed answer passes: no new way in.
 */

/** The bare address of a From value ("TaskPing <bot@x>" or "bot@x"). */
export function bareAddress(from: string): string {
	const angle = /<([^<>\s]+@[^<>\s]+)>/.exec(from);
	return (angle?.[1] ?? from).trim();
}

/** RFC 6068: percent-encoded UTF-8, spaces as %20 (never "+"), line breaks as %0D%0A. */
const encode = (value: string) => encodeURIComponent(value.replace(/\r?\n/g, '\r\n'));

export interface ReplyLinkInput {
	/** Where replies go: the From address of the notification. */
	to: string;
	/** The notification's subject: it carries the token. */
	subject: string;
	/** The notification's Message-ID, so clients that honour it thread the answer. */
	inReplyTo: string;
	body: string;
}

export function replyLink(input: ReplyLinkInput): string {
	const address = bareAddress(input.to);
	const subject = /^re:/i.test(input.subject) ? input.subject : `Re: ${input.subject}`;
	return `mailto:${encodeURIComponent(address).replace(/%40/g, '@')}?subject=${encode(subject)}&in-reply-to=${encode(input.inReplyTo)}&body=${encode(input.body)}`;
}
