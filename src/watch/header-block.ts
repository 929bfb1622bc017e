/**
 * The header block of a mail, bounded: the watcher fetches at most
 * HEADER_LIMIT bytes of it (IMAP BODY.PEEK[HEADER]<0.N>) and decides who sent
 * the mail from that alone. Real clients' headers (DKIM, ARC, a dozen
 * Received lines, Outlook's X-MS-*) stay well under 32 KB; a block that does
 * not end within the limit was built to be expensive and is refused unread.
 */
export const HEADER_LIMIT = 64 * 1024;

const CRLF2 = Buffer.from('\r\n\r\n');
const LF2 = Buffer.from('\n\n');

/** Index just past the blank line that ends the header block, or -1. */
function headerEnd(raw: Buffer, limit: number): number {
	const window = raw.subarray(0, limit);
	const crlf = window.indexOf(CRLF2);
	const lf = window.indexOf(LF2);
	if (crlf < 0 && lf < 0) return -1;
	if (crlf < 0) return lf + 2;
	if (lf < 0) return crlf + 4;
	return Math.min(crlf + 4, lf + 2);
}

/** The header block of a whole mail (blank line included), or null when it does not end within the limit. */
export function cutHeaderBlock(raw: Buffer, limit = HEADER_LIMIT): Buffer | null {
	const end = headerEnd(raw, limit);
	if (end >= 0) return raw.subarray(0, end);
	// A mail of headers only (no blank line at all) is still whole when it is short.
	return raw.length < limit ? raw : null;
}

/**
 * Whether a fetched header block is whole: the server sends the block with its
 * blank line; a block cut at the limit without one is longer than the limit.
 */
export function isWholeHeaderBlock(block: Buffer, limit = HEADER_LIMIT): boolean {
	return block.length < limit || headerEnd(block, limit) >= 0;
}
