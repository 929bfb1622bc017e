/**
 * One-time codes for "confirm by code": a risky reply is echoed back to the
 * (authenticated) sender with a code and typed only when the code comes back
 * in a reply to the same session. Digits, because a phone keyboard has them;
 * 8 of them from the CSPRNG, at most 3 tries, 10 minutes: a guesser gets
 * 3 in 10^8. Only a hash is kept, compared in constant time.
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

export const CODE_TTL_MS = 10 * 60_000;
export const CODE_MAX_TRIES = 3;

export function generateCode(): string {
	return String(randomInt(0, 100_000_000)).padStart(8, '0');
}

/** "1234 5678" as it is shown in the mail. */
export const formatCode = (code: string): string => `${code.slice(0, 4)} ${code.slice(4)}`;

/** The code in a reply that is nothing but a code ("12345678", "1234-5678", "Code: 1234 5678."), else null. */
export function readCode(text: string): string | null {
	const match = /^\s*(?:code\s*[:：]?\s*)?(\d{4})[\s-]?(\d{4})\s*[.!。]?\s*$/i.exec(text.normalize('NFKC'));
	return match ? `${match[1]}${match[2]}` : null;
}

export const hashCode = (code: string, salt: string): string => createHash('sha256').update(`${salt}\0${code}`).digest('hex');

export function codeMatches(code: string, salt: string, expectedHash: string): boolean {
	const got = Buffer.from(hashCode(code, salt), 'hex');
	const want = Buffer.from(expectedHash, 'hex');
	return got.length === want.length && timingSafeEqual(got, want);
}
