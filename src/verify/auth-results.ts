/**
 * Whether the From domain of a reply is authenticated, read from the
 * Authentication-Results header (RFC 8601) that the service mailbox's own
 * receiving server stamped. IMAP gives no client IP, so SPF cannot be redone
 * here; the receiving server's verdict is the evidence. Every A-R header
 * except the topmost one with our server's authserv-id may have been written
 * by the sender (RFC 8601 §5), so those are never read.
 */
import { domainToASCII } from 'node:url';
import { readHeaderName } from './headers.js';

export interface SenderAuth {
	authenticated: boolean;
	method: 'dmarc' | 'dkim-aligned' | 'none';
	authservId: string | null;
	detail: string;
}

type HeaderLines = ReadonlyArray<{ key: string; line: string }>;

/** One `method=result ptype.property=value …` clause; property names lowercased. */
interface ResultInfo {
	method: string;
	result: string;
	props: Map<string, string>;
}

interface AuthResults {
	authservId: string;
	version: string | null;
	results: ResultInfo[];
}

interface Token {
	text: string;
	quoted: boolean;
}

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
function isAligned(signer: string, fromDomain: string): boolean {
	if (readOrganizationalDomain(signer) !== readOrganizationalDomain(fromDomain)) return false;
	return signer === fromDomain || signer.endsWith(`.${fromDomain}`) || fromDomain.endsWith(`.${signer}`);
}

function readOrganizationalDomain(domain: string): string {
	const labels = domain.split('.');
	const keep = TWO_LABEL_SUFFIXES.has(labels.slice(-2).join('.')) ? 3 : 2;
	return labels.slice(-keep).join('.');
}

/** Domain of `user@domain`, `@domain` or `domain`, as lowercase A-labels; null if unusable. */
function readDomain(value: string): string | null {
	const at = value.lastIndexOf('@');
	const raw = value.slice(at + 1).trim().replace(/\.$/, '');
	if (raw === '') return null;
	const ascii = domainToASCII(raw);
	return /^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*$/.test(ascii) ? ascii : null;
}

/** Parse an `Authentication-Results:` line (folded or not); null if it does not follow RFC 8601. */
function parseAuthResults(line: string): AuthResults | null {
	const colon = line.indexOf(':');
	const tokens = tokenize(line.slice(colon + 1).replace(/\r?\n(?=[ \t])/g, ''));
	if (tokens === null) return null;
	const segments = splitSegments(tokens);
	const head = segments[0] ?? [];
	const id = head[0];
	if (id === undefined || (!id.quoted && id.text.includes('='))) return null;
	const version = head[1];
	if (head.length > 2 || (version !== undefined && (version.quoted || !/^\d+$/.test(version.text)))) return null;
	const rest = segments.slice(1);
	const isNone = rest.length === 1 && rest[0]?.length === 1 && rest[0][0]?.text.toLowerCase() === 'none';
	const results = isNone ? [] : rest.map(parseResultInfo).filter((r): r is ResultInfo => r !== null);
	return { authservId: id.text, version: version?.text ?? null, results };
}

/** Split on `;` tokens. */
function splitSegments(tokens: Token[]): Token[][] {
	const segments: Token[][] = [[]];
	for (const token of tokens) {
		if (!token.quoted && token.text === ';') segments.push([]);
		else segments[segments.length - 1]?.push(token);
	}
	return segments;
}

/**
 * `method[/version]=result [reason=…] [ptype.property=value …]`. A clause
 * that does not parse is dropped: it can only lose a pass, never make one.
 */
function parseResultInfo(tokens: Token[]): ResultInfo | null {
	const pairs = readPairs(tokens);
	const first = pairs?.[0];
	if (!pairs || !first) return null;
	const method = first[0].split('/')[0]?.trim().toLowerCase() ?? '';
	const props = new Map<string, string>();
	// Only ptype.property pairs matter; others (reason=, Microsoft's action=) are kept but never read.
	for (const [name, value] of pairs.slice(1)) {
		const key = name.toLowerCase();
		if (!props.has(key)) props.set(key, value);
	}
	return { method, result: first[1].toLowerCase(), props };
}

/** Read `name=value` pairs, allowing space around `=` (CFWS) and quoted values. */
function readPairs(tokens: Token[]): Array<[string, string]> | null {
	const pairs: Array<[string, string]> = [];
	let i = 0;
	while (i < tokens.length) {
		const nameToken = tokens[i];
		if (!nameToken || nameToken.quoted) return null;
		let name = nameToken.text;
		let value: string | undefined;
		i += 1;
		const eq = name.indexOf('=');
		if (eq >= 0) {
			value = name.slice(eq + 1);
			name = name.slice(0, eq);
		} else if (tokens[i] && !tokens[i]?.quoted && tokens[i]?.text.startsWith('=')) {
			value = tokens[i]?.text.slice(1);
			i += 1;
		} else {
			return null;
		}
		if (value === '') {
			value = tokens[i]?.text;
			i += 1;
		}
		if (name === '' || value === undefined || value === '') return null;
		pairs.push([name, value]);
	}
	return pairs;
}

/**
 * Words, quoted strings and `;`, with comments (nested, with quoted-pairs)
 * and whitespace dropped. Null on an unterminated comment or quote.
 */
function tokenize(value: string): Token[] | null {
	const tokens: Token[] = [];
	let word = '';
	const flush = (): void => {
		if (word !== '') tokens.push({ text: word, quoted: false });
		word = '';
	};
	for (let i = 0; i < value.length; i++) {
		const char = value[i] ?? '';
		if (char === '(') {
			flush();
			let depth = 0;
			for (; i < value.length; i++) {
				const c = value[i];
				if (c === '\\') i += 1;
				else if (c === '(') depth += 1;
				else if (c === ')' && --depth === 0) break;
			}
			if (depth !== 0) return null;
		} else if (char === '"') {
			flush();
			let text = '';
			for (i += 1; i < value.length && value[i] !== '"'; i++) text += value[i] === '\\' ? (value[++i] ?? '') : value[i];
			if (i >= value.length) return null;
			tokens.push({ text, quoted: true });
		} else if (char === ';') {
			flush();
			tokens.push({ text: ';', quoted: false });
		} else if (/\s/.test(char)) {
			flush();
		} else {
			word += char;
		}
	}
	flush();
	return tokens;
}
