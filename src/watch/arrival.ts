/**
 * When a reply ARRIVED, not when the watcher got round to it: rate windows,
 * the duplicate window and token expiry are judged by this time, so replies
 * that piled up while the watcher was down are judged as they were sent,
 * not as one burst at start-up.
 *
 * The time comes from the receiving side, never from the sender: the IMAP
 * INTERNALDATE the service mailbox's server stamped on delivery, else the
 * date of the topmost Received line (the last hop, written by that same
 * server). The Date header is the sender's claim and is never used.
 */

/** How far a server clock may run ahead of ours before its stamp is ignored. */
const MAX_AHEAD_MS = 5 * 60_000;

export type ArrivalSource = 'internaldate' | 'received' | 'handled';

export interface Arrival {
	at: Date;
	source: ArrivalSource;
}

/** The date after the last ';' of a Received header value (RFC 5322 §3.6.7). */
export function receivedDate(value: string): Date | null {
	const cut = value.lastIndexOf(';');
	if (cut < 0) return null;
	const at = Date.parse(value.slice(cut + 1).replace(/\([^)]*\)/g, ' ').trim());
	return Number.isFinite(at) ? new Date(at) : null;
}

/** The topmost Received line's date, from the raw header lines as mailparser keeps them. */
export function topReceivedDate(headerLines: ReadonlyArray<{ key: string; line: string }>): Date | null {
	const top = headerLines.find((header) => header.key === 'received');
	return top ? receivedDate(top.line.replace(/^received:\s*/i, '').replace(/\r?\n[ \t]+/g, ' ')) : null;
}

/**
 * The arrival time of one mail. A stamp from the future (a server clock far
 * ahead) is not believed; a stamp a little ahead counts as now, so a reply
 * can never look younger than the moment it is handled.
 */
export function arrivalOf(input: { internalDate?: Date | string | null; headerLines?: ReadonlyArray<{ key: string; line: string }>; handledAt: Date }): Arrival {
	const { handledAt } = input;
	const usable = (at: Date | null): Date | null => {
		if (!at || !Number.isFinite(at.getTime())) return null;
		if (at.getTime() > handledAt.getTime() + MAX_AHEAD_MS) return null;
		return at.getTime() > handledAt.getTime() ? handledAt : at;
	};
	const internal = usable(input.internalDate ? new Date(input.internalDate) : null);
	if (internal) return { at: internal, source: 'internaldate' };
	const received = usable(input.headerLines ? topReceivedDate(input.headerLines) : null);
	if (received) return { at: received, source: 'received' };
	return { at: handledAt, source: 'handled' };
}
