/**
 * Is the From address of a reply really the sender? The From header is forged
 * in one line, so a whitelisted From counts only with evidence from the
 * service mailbox's own receiving server: DMARC pass, or DKIM aligned with
 * the From domain, in the topmost Authentication-Results it stamped (see
 * auth-results.ts). A user whose provider stamps nothing can relax this per
 * address; then the From alone decides, except against an explicit dmarc=fail.
 */
import { checkSenderAuth, readTopAuthservId } from './auth-results.js';

type HeaderLines = ReadonlyArray<{ key: string; line: string }>;

export interface SenderSettings {
	/** Comma- or space-separated authserv-ids; empty or undefined: none trusted yet. */
	authservId?: string | undefined;
	/** Whitelisted addresses accepted without evidence (lowercase). */
	unauthenticatedSenders?: readonly string[] | undefined;
}

export interface SenderCheck {
	authenticated: boolean;
	/** The check that decided: shown by `inspect`, logged with every outcome. */
	check: 'dmarc' | 'dkim-aligned' | 'relaxed' | 'none';
	/** authserv-id of the topmost Authentication-Results, trusted or not (what `inspect` teaches). */
	topAuthservId: string | null;
	detail: string;
	/** Rejection code when not authenticated. */
	reason: 'sender-not-authenticated' | 'authserv-id-not-set' | null;
}

export const readAuthservIds = (setting: string | undefined): string[] =>
	(setting ?? '').split(/[\s,;]+/).map((id) => id.trim().toLowerCase()).filter(Boolean);

/** Decide whether `from` is authenticated for this mail; never throws. */
export function checkSender(headerLines: HeaderLines, from: string | null, settings: SenderSettings): SenderCheck {
	let topAuthservId: string | null = null;
	try {
		topAuthservId = readTopAuthservId(headerLines);
		const trusted = readAuthservIds(settings.authservId);
		const relaxed = from !== null && (settings.unauthenticatedSenders ?? []).includes(from);
		if (from === null) return refuse(topAuthservId, 'no usable From address', 'sender-not-authenticated');
		if (trusted.length === 0 && !relaxed) {
			const hint = topAuthservId ? ` (this mail's topmost Authentication-Results is from "${topAuthservId}")` : ' (this mail has no Authentication-Results header)';
			return refuse(topAuthservId, `TASKPING_AUTHSERV_ID is not set${hint}`, 'authserv-id-not-set');
		}
		const id = trusted.find((candidate) => candidate === topAuthservId?.toLowerCase()) ?? trusted[0] ?? '';
		const auth = checkSenderAuth(headerLines, from, id);
		if (auth.authenticated && auth.method !== 'none') {
			return { authenticated: true, check: auth.method, topAuthservId, detail: `${auth.detail} (from ${auth.authservId})`, reason: null };
		}
		// checkSenderAuth only writes "dmarc=fail …" when the trusted server itself said so.
		if (relaxed && !/^dmarc=fail\b/.test(auth.detail)) {
			return { authenticated: true, check: 'relaxed', topAuthservId, detail: `${from} is on TASKPING_UNAUTHENTICATED_SENDERS; not verified (${auth.detail})`, reason: null };
		}
		return refuse(topAuthservId, auth.detail, 'sender-not-authenticated');
	} catch (error) {
		return refuse(topAuthservId, `Authentication-Results could not be read (${(error as Error).message})`, 'sender-not-authenticated');
	}
}

function refuse(topAuthservId: string | null, detail: string, reason: SenderCheck['reason']): SenderCheck {
	return { authenticated: false, check: 'none', topAuthservId, detail, reason };
}
