import type { SearchObject } from 'imapflow';

/**
 * Which new mail to handle first. Anyone can fill the service mailbox: a
 * thousand strangers' mails handled in UID order would hold the user's reply
 * behind them for seconds. So before a backlog is worked off, the server is
 * asked (one UID SEARCH over the new UIDs) which of them come from a
 * whitelisted address and name one of this machine's live tokens in
 * Subject, In-Reply-To or References; those are handled first. The server
 * reads the headers (and decodes RFC 2047 words), the watcher reads nothing,
 * and a flood costs one short answer. Deliberately loose: this only orders
 * the work; every check still runs on every mail, in full, exactly as before.
 */

/** Past this many terms the search is cut down to the senders alone (still an order, never a verdict). */
const MAX_TERMS = 300;

/** The SEARCH (without its UID range) for mail that looks like the user's reply, or null when none can be ours. */
export function triageQuery(allowedSenders: readonly string[], liveTokens: readonly string[]): SearchObject | null {
	const senders = allowedSenders.filter((address) => address.includes('@'));
	if (!senders.length || !liveTokens.length) return null;
	if (senders.length * liveTokens.length * 3 > MAX_TERMS) return senders.length === 1 ? { from: senders[0] } : { or: senders.map((from) => ({ from })) };
	const terms: SearchObject[] = [];
	for (const from of senders) {
		for (const token of liveTokens) terms.push({ from, subject: token }, { from, header: { 'in-reply-to': token } }, { from, header: { references: token } });
	}
	return { or: terms };
}
