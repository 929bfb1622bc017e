/**
 * Whether the From domain of a reply is authenticated, read from the
 * Authentication-Results header (RFC 8601) that the service mailbox's own
 * receiving server stamped. IMAP gives no client IP, so SPF cannot be redone
 * here; the receiving server's verdict is the evidence. Every A-R header
 * except the topmost one with our server's authserv-id may have been written
 * by the sender (RFC 8601 §5), so those are never read.
 */
import { domainToASCII } from 'node:url';
import { parseAuthResults } from './auth-results-parse.js';
import { readHeaderName } from './headers.js';

export interface SenderAuth {
	authenticated: boolean;
	method: 'dmarc' | 'dkim-aligned' | 'none';
	authservId: string | null;
	detail: string;
}

type HeaderLines = ReadonlyArray<{ key: string; line: string }>;

/**
 * Public suffixes with two labels that are common among our users. A full
 * Public Suffix List is not needed for the parent/sub-domain check below,
 * only to stop a signer from aligning through a shared suffix like co.uk.
 */
const TWO_LABEL_SUFFIXES = new Set([
	'co.uk', 'org.uk', 'ac.uk', 'gov.uk', 'me.uk',
	'com.cn', 'net.cn', 'org.cn', 'gov.cn', 'edu.cn', 'ac.cn',
	'com.hk', 'com.tw', 'org.tw', 'co.jp', 'ne.jp', 'or.jp', 'ac.jp', 'co.kr',
	'com.au', 'net.au', 'org.au', 'co.nz', 'com.br', 'co.in', 'com.sg', 'com.mx', 'co.za',
]);

/** Decide whether the From domain is authenticated by the topmost, trusted Authentication-Results header. */
export function checkSenderAuth(headerLines: HeaderLines, fromAddress: string, trustedAuthservId: string): SenderAuth {
	const refuse = (authservId: string | null, detail: string): SenderAuth => ({ authenticated: false, method: 'none', authservId, detail });
	const line = findTopAuthResults(headerLines);
	if (line === null) return refuse(null, 'no Authentication-Results header');
	const parsed = parseAuthResults(line);
	if (parsed === null) return refuse(null, 'topmost Authentication-Results header is malformed');
	const { authservId } = parsed;
	const trusted = trustedAuthservId.trim().toLowerCase();
	if (trusted === '') return refuse(authservId, 'no trusted authserv-id configured');
	if (authservId.toLowerCase() !== trusted) {
		return refuse(authservId, `topmost Authentication-Results is from "${authservId}", not the trusted "${trustedAuthservId.trim()}"`);
	}
	if (parsed.version !== null && parsed.version !== '1') return refuse(authservId, `unknown Authentication-Results version ${parsed.version}`);
	const fromDomain = readDomain(fromAddress);
	if (fromDomain === null) return refuse(authservId, `From address "${fromAddress}" has no usable domain`);

	const dmarc = parsed.results.filter((r) => r.method === 'dmarc' && readDomain(r.props.get('header.from') ?? '') === fromDomain);
	// An explicit DMARC failure for the From domain wins over any DKIM pass.
	if (dmarc.some((r) => r.result === 'fail')) return refuse(authservId, `dmarc=fail for ${fromDomain}`);
	if (dmarc.some((r) => r.result === 'pass')) {
		return { authenticated: true, method: 'dmarc', authservId, detail: `dmarc=pass header.from=${fromDomain}` };
	}
	const signers = parsed.results
		.filter((r) => r.method === 'dkim' && r.result === 'pass')
		.map((r) => readDomain(r.props.get('header.d') ?? r.props.get('header.i') ?? ''));
	const aligned = signers.find((d) => d !== null && isAligned(d, fromDomain));
	if (aligned) return { authenticated: true, method: 'dkim-aligned', authservId, detail: `dkim=pass d=${aligned} aligned with ${fromDomain}` };
	const seen = parsed.results.map((r) => `${r.method}=${r.result}`).join(' ') || 'none';
	const signedBy = signers.filter((d) => d !== null).join(', ');
	return refuse(authservId, `no dmarc=pass or aligned dkim=pass for ${fromDomain} (saw: ${seen}${signedBy ? `; dkim signers: ${signedBy}` : ''})`);
}

/** The authserv-id of the topmost Authentication-Results header, or null. */
export function readTopAuthservId(headerLines: HeaderLines): string | null {
	const line = findTopAuthResults(headerLines);
	return line === null ? null : (parseAuthResults(line)?.authservId ?? null);
}

function findTopAuthResults(headerLines: HeaderLines): string | null {
	const top = headerLines.find(({ key, line }) => readHeaderName(key, line) === 'authentication-results');
	return top?.line ?? null;
}

/** Relaxed alignment, limited to equal, parent or sub-domain within one organizational domain. */
export function isAligned(signer: string, fromDomain: string): boolean {
	if (readOrganizationalDomain(signer) !== readOrganizationalDomain(fromDomain)) return false;
	return signer === fromDomain || signer.endsWith(`.${fromDomain}`) || fromDomain.endsWith(`.${signer}`);
}

function readOrganizationalDomain(domain: string): string {
	const labels = domain.split('.');
	const keep = TWO_LABEL_SUFFIXES.has(labels.slice(-2).join('.')) ? 3 : 2;
	return labels.slice(-keep).join('.');
}

/** Domain of `user@domain`, `@domain` or `domain`, as lowercase A-labels; null if unusable. */
export function readDomain(value: string): string | null {
	const at = value.lastIndexOf('@');
	const raw = value.slice(at + 1).trim().replace(/\.$/, '');
	if (raw === '') return null;
	const ascii = domainToASCII(raw);
	return /^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*$/.test(ascii) ? ascii : null;
}
