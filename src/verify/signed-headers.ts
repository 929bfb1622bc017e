/**
 * Were the headers that make a mail "a reply to TaskPing" written by the
 * sender, or added by whoever passed the mail on? DKIM proves only the
 * headers listed in a signature's h= tag. Gmail signs To, Cc (oversigned),
 * Subject, In-Reply-To and References; Microsoft 365 / Outlook.com signs
 * From:Date:Subject:Message-ID:Content-Type:MIME-Version and neither To, Cc
 * nor In-Reply-To; 163 signs no To. So a mail Maya signed for Bob stays
 * dkim=pass when Bob adds `Cc: <service>` or `In-Reply-To: <our id>` and
 * re-sends it (red team R1). The two headers that matter count, each, when:
 *
 *   1. covered by a DKIM-Signature that the trusted Authentication-Results
 *      reports as passing (same d=, same b= prefix when header.b is given),
 *      with d= aligned with the From domain, and h= naming the header at
 *      least as often as the mail carries it (an instance added above the
 *      signed one is not covered; RFC 6376 §5.4.2); or, when not covered,
 *   2. spf=pass with smtp.mailfrom = the From address (or, where the
 *      receiving server writes only a domain, = the From domain): the mail
 *      left the sender's own provider under her account, and providers bind
 *      the envelope and From to the logged-in user, so a replayer's server
 *      or his own account at the same provider cannot produce it; or
 *   3. auth=pass smtp.auth = the From address: she submitted it to the
 *      receiving server herself.
 *
 * Otherwise: `unsigned-addressing`. How the ordinary paths fare:
 * - direct reply from Gmail/QQ: (1). From Outlook.com/M365/163: To not
 *   signed, SPF for her own address passes at our MX: (2).
 * - the service mailbox forwards (alias, catch-all → watched box): the final
 *   MX sees the forwarder's IP, SPF fails; Gmail/QQ replies pass by (1),
 *   Outlook.com ones are refused: the reason says to send to the watched
 *   mailbox itself. ARC is not read (not trusted evidence of the headers).
 * - via a mailing list: the list rewrites the envelope (SPF not hers) and
 *   To names the list, not the service: refused, as it should be.
 * - a forward of the notification to a colleague re-sent with Cc added: the
 *   Cc is unsigned (M365) and SPF is the replayer's: refused; with Gmail the
 *   added Cc breaks the signature (oversigned), so dkim=pass cannot happen.
 * Only headers are read: a linear pass over the DKIM-Signature lines.
 */
import type { ParsedMail } from 'mailparser';
import { readHeader } from '../mail/parsed-mail.js';
import { parseAuthResults, type ResultInfo } from './auth-results-parse.js';
import { isAligned, readDomain } from './auth-results.js';
import { isAddressedTo, readHeaderName } from './headers.js';
import { findMessageIdTokens, findSubjectTokens, normalizeToken } from '../session/token.js';

type HeaderLines = ReadonlyArray<{ key: string; line: string }>;

export interface SignedHeaders {
	ok: boolean;
	/** Which evidence made the headers count, or what was missing (inspect, log). */
	detail: string;
}

/** One header that must count, with the alternatives that would do (To or Cc; Subject, In-Reply-To or References). */
interface Need { what: string; names: string[] }

/** Decide for a mail whose sender already authenticated against the trusted Authentication-Results `authservId`. */
export function checkSignedHeaders(mail: ParsedMail, from: string, token: string | null, service: readonly string[], authservId: string): SignedHeaders {
	const lines = mail.headerLines ?? [];
	const needs = listNeeds(mail, token, service);
	if (needs.length === 0) return { ok: true, detail: 'nothing to cover' };
	const results = readTrustedResults(lines, authservId);
	if (results === null) return { ok: false, detail: 'the trusted Authentication-Results could not be read' };
	const fromDomain = readDomain(from);
	const counts = countHeaders(lines);
	const signatures = lines.filter(({ key, line }) => readHeaderName(key, line) === 'dkim-signature').map(({ line }) => readDkimTags(line)).filter((tags) => tags !== null);
	let best = '';
	for (const result of results.filter((r) => r.method === 'dkim' && r.result === 'pass')) {
		const domain = readDomain(result.props.get('header.d') ?? result.props.get('header.i') ?? '');
		if (domain === null || fromDomain === null || !isAligned(domain, fromDomain)) continue;
		const b = (result.props.get('header.b') ?? '').replace(/\s+/g, '');
		const mine = signatures.filter((tags) => tags.get('d')?.toLowerCase() === domain && (b === '' || (tags.get('b') ?? '').startsWith(b)));
		if (mine.length === 0) continue;
		// Several signatures fit one result and none is named by header.b: each must cover (the passing one is not known).
		const covered = (name: string): boolean => (counts.get(name) ?? 0) > 0 && mine.every((tags) => countIn(tags.get('h') ?? '', name) >= (counts.get(name) ?? 0));
		const missing = needs.filter((need) => !need.names.some(covered));
		if (missing.length === 0) return { ok: true, detail: `dkim d=${domain} covers ${needs.map((n) => n.names.filter(covered).join('/')).join(', ')}` };
		best ||= `dkim d=${domain} h= does not cover ${missing.map((n) => `${n.what} (${n.names.join('/')})`).join(' or ')}`;
	}
	const address = from.toLowerCase();
	const spf = results.find((r) => r.method === 'spf' && r.result === 'pass' && isOwnEnvelope(r.props.get('smtp.mailfrom') ?? '', address, fromDomain));
	if (spf) return { ok: true, detail: `spf=pass smtp.mailfrom=${spf.props.get('smtp.mailfrom')}${best ? ` (${best})` : ''}` };
	const auth = results.find((r) => r.method === 'auth' && r.result === 'pass' && (r.props.get('smtp.auth') ?? '').toLowerCase() === address);
	if (auth) return { ok: true, detail: `auth=pass smtp.auth=${address}` };
	const seen = results.filter((r) => r.method === 'spf').map((r) => `spf=${r.result} smtp.mailfrom=${r.props.get('smtp.mailfrom') ?? '?'}`).join(', ') || 'no spf result';
	return { ok: false, detail: `${best || 'no passing DKIM-Signature aligned with the From domain'}; and no spf=pass for ${address} (${seen})` };
}

function listNeeds(mail: ParsedMail, token: string | null, service: readonly string[]): Need[] {
	const needs: Need[] = [];
	if (service.length > 0) {
		const names = [['to', mail.to], ['cc', mail.cc]].filter(([, list]) => list !== undefined && isAddressedTo(list as ParsedMail['to'], undefined, service)).map(([name]) => name as string);
		if (names.length > 0) needs.push({ what: 'the TaskPing address', names });
	}
	if (token !== null) {
		const wanted = normalizeToken(token);
		const names: string[] = [];
		if (findSubjectTokens(mail.subject ?? '').includes(wanted)) names.push('subject');
		for (const name of ['in-reply-to', 'references']) if (findMessageIdTokens(readHeader(mail.headers, name)).includes(wanted)) names.push(name);
		if (names.length > 0) needs.push({ what: 'the token', names });
	}
	return needs;
}

/** The results of the topmost Authentication-Results, only if it is the trusted server's (sender.ts already decided so). */
function readTrustedResults(lines: HeaderLines, authservId: string): ResultInfo[] | null {
	const top = lines.find(({ key, line }) => readHeaderName(key, line) === 'authentication-results');
	const parsed = top ? parseAuthResults(top.line) : null;
	return parsed && parsed.authservId.toLowerCase() === authservId.toLowerCase() ? parsed.results : null;
}

/** smtp.mailfrom names her own address, or (a server that writes only the domain) her domain exactly. */
function isOwnEnvelope(mailfrom: string, address: string, fromDomain: string | null): boolean {
	const value = mailfrom.trim().toLowerCase().replace(/^<|>$/g, '');
	return value.includes('@') ? value === address : fromDomain !== null && readDomain(value) === fromDomain;
}

function countHeaders(lines: HeaderLines): Map<string, number> {
	const counts = new Map<string, number>();
	for (const { key, line } of lines) {
		const name = readHeaderName(key, line);
		counts.set(name, (counts.get(name) ?? 0) + 1);
	}
	return counts;
}

function countIn(h: string, name: string): number {
	let n = 0;
	for (const entry of h.split(':')) if (entry.trim().toLowerCase() === name) n += 1;
	return n;
}

/** `tag=value; …` of a DKIM-Signature (RFC 6376 §3.2), whitespace removed from values; null when malformed or a tag repeats. */
export function readDkimTags(line: string): Map<string, string> | null {
	const tags = new Map<string, string>();
	for (const part of line.slice(line.indexOf(':') + 1).split(';')) {
		const eq = part.indexOf('=');
		if (eq < 0) {
			if (part.trim() === '') continue;
			return null;
		}
		const name = part.slice(0, eq).trim().toLowerCase();
		if (!/^[a-z][a-z0-9_]*$/.test(name) || tags.has(name)) return null;
		tags.set(name, part.slice(eq + 1).replace(/\s+/g, ''));
	}
	return tags;
}
