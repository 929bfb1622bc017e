import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * Crockford base32: no I, L, O, U, so a token read aloud or retyped on a
 * phone survives case-folding and the usual look-alike mistakes.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const TOKEN_LENGTH = 13; // 13 × 5 bits = 65 bits from the CSPRNG

export function generateToken(): string {
	const bytes = randomBytes(TOKEN_LENGTH);
	// 256 is a multiple of 32, so `byte % 32` is unbiased.
	return Array.from(bytes, (byte) => ALPHABET[byte % 32]).join('');
}

/** Canonical form of a token as a person might have typed it (lower case, O for 0, I/L for 1). */
export function normalizeToken(input: string): string {
	return input.toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1');
}

export const isTokenShape = (input: string): boolean =>
	input.length === TOKEN_LENGTH && [...normalizeToken(input)].every((char) => ALPHABET.includes(char));

/** Constant-time comparison, so response timing leaks nothing about a token. */
export function tokensEqual(a: string, b: string): boolean {
	const left = Buffer.from(normalizeToken(a));
	const right = Buffer.from(normalizeToken(b));
	return left.length === right.length && timingSafeEqual(left, right);
}

/** Key under which a session is stored: a hash, so file names do not reveal tokens. */
export const tokenKey = (token: string): string =>
	createHash('sha256').update(normalizeToken(token)).digest('hex').slice(0, 32);

/** Tokens never appear in logs in full. */
export const redactToken = (token: string): string => `${token.slice(0, 4)}…`;

const SUBJECT_TOKEN = /\[TaskPing\s*#\s*([0-9A-Za-z]{13})\s*\]/gi;
const MESSAGE_ID_TOKEN = /<taskping\.([0-9A-Za-z]{13})\.[^>@]*@[^>]*>/gi;

/** Every distinct token in a subject line ("[TaskPing #K7Q2…]"). */
export function findSubjectTokens(subject: string): string[] {
	return [...new Set([...subject.matchAll(SUBJECT_TOKEN)].map((match) => normalizeToken(match[1]!)))].filter(isTokenShape);
}

/** Every distinct token in In-Reply-To / References (our Message-IDs carry it). */
export function findMessageIdTokens(header: string): string[] {
	return [...new Set([...header.matchAll(MESSAGE_ID_TOKEN)].map((match) => normalizeToken(match[1]!)))].filter(isTokenShape);
}

export const formatMessageId = (token: string, host: string): string =>
	`<taskping.${token}.${randomBytes(6).toString('hex')}@${host}>`;

/** The right-hand side of our Message-IDs: the host name, made to look like a domain. */
export const mailHost = (): string => {
	const host = hostname().toLowerCase().replace(/[^a-z0-9.-]/g, '') || 'localhost';
	return host.includes('.') ? host : `${host}.taskping`;
};
