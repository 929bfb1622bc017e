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

type AddressList = { value: Array<{ address?: string; group?: AddressList['value'] }> };

/**
 * Whether To or Cc names one of the service's own addresses. A mail the
 * user signed for somebody else, passed on with a leaked token, keeps its
 * signed To/Cc: it was never addressed to us. Delivered-To and the envelope
 * are not counted: every relay on the way stamps those, unsigned.
 * Sub-addresses (user+tag@) count as the address.
 */
export function isAddressedTo(to: AddressList | AddressList[] | undefined, cc: AddressList | AddressList[] | undefined, service: readonly string[]): boolean {
	const wanted = new Set(service.map(normalizeAddress).filter(Boolean));
	if (wanted.size === 0) return true;
	const lists = [to, cc].flatMap((list) => (list === undefined ? [] : Array.isArray(list) ? list : [list]));
	const stack = lists.flatMap((list) => list.value);
	while (stack.length > 0) {
		const entry = stack.pop()!;
		if (entry.group) stack.push(...entry.group);
		if (entry.address && wanted.has(normalizeAddress(entry.address))) return true;
	}
	return false;
}

function normalizeAddress(address: string): string {
	const at = address.lastIndexOf('@');
	if (at <= 0) return '';
	return `${address.slice(0, at).replace(/\+.*$/, '')}@${address.slice(at + 1)}`.trim().toLowerCase();
}
