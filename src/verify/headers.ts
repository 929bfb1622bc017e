/**
 * A DKIM signature still verifies when someone adds a second Subject: or
 * From: above the signed one, and mailparser then returns the top (unsigned)
 * value. These headers may appear once (RFC 5322 §3.6), so a repeat is
 * treated as an attack, not as a parsing detail.
 */

const SINGLE_USE_HEADERS = [
	'from',
	'sender',
	'to',
	'cc',
	'subject',
	'date',
	'message-id',
	'in-reply-to',
	'references',
	'reply-to',
	'auto-submitted',
] as const;

/** Names (lowercased) of the single-use headers that appear more than once, in a fixed order. */
export function findDuplicateHeaders(headerLines: ReadonlyArray<{ key: string; line: string }>): string[] {
	const counts = new Map<string, number>();
	for (const { key, line } of headerLines) {
		const name = readHeaderName(key, line);
		counts.set(name, (counts.get(name) ?? 0) + 1);
	}
	return SINGLE_USE_HEADERS.filter((name) => (counts.get(name) ?? 0) > 1);
}

/**
 * mailparser already lowercases `key`, but a hand-built list (tests, another
 * parser) may not, and `Subject :` (obsolete syntax, space before the colon)
 * must count as Subject all the same; so fall back to the raw line.
 */
export function readHeaderName(key: string, line: string): string {
	const fromKey = key.trim().toLowerCase();
	if (fromKey !== '') return fromKey;
	const colon = line.indexOf(':');
	return colon < 0 ? '' : line.slice(0, colon).trim().toLowerCase();
}
