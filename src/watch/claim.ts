import type { ImapFlow } from 'imapflow';
import type { ParsedMail } from 'mailparser';
import { loadSession } from '../session/store.js';
import { findMessageIdTokens, findSubjectTokens } from '../session/token.js';
import { readHeader } from '../mail/parsed-mail.js';

/**
 * Several machines may watch one service mailbox. A reply belongs to the
 * machine that issued its token; before acting on one, a watcher claims it on
 * the server with a keyword of its own, set with CONDSTORE's UNCHANGEDSINCE
 * (RFC 7162): of two watchers that read the same MODSEQ only the first store
 * succeeds, so two watchers never both act on one reply (a state dir shared
 * over NFS, or a copied one, would otherwise type it twice).
 */
export const CLAIM_PREFIX = '$TaskPing_';

export const claimKeyword = (instanceId: string): string => `${CLAIM_PREFIX}${instanceId}`;

export type Claim = 'mine' | 'theirs' | 'unsupported';

/**
 * Whether a mail names a token this machine issued (subject, In-Reply-To or
 * References). Deliberately loose: the full checks (tokens agreeing, expiry)
 * run later; this only decides whose mail it is.
 */
export function carriesLocalToken(mail: ParsedMail, sessionsDir: string): boolean {
	const tokens = [
		...findSubjectTokens(mail.subject ?? ''),
		...findMessageIdTokens(`${readHeader(mail.headers, 'in-reply-to')} ${readHeader(mail.headers, 'references')}`),
	];
	return tokens.some((token) => loadSession(sessionsDir, token) !== null);
}

const claimsIn = (flags: Set<string> | undefined): string[] =>
	[...(flags ?? [])].map((flag) => flag.toLowerCase()).filter((flag) => flag.startsWith(CLAIM_PREFIX.toLowerCase())).sort();

/** Ours when ours is the only claim; with several (a server without CONDSTORE), the lowest keyword wins everywhere alike. */
const judge = (claims: string[], mine: string): Claim => (claims[0] === mine ? 'mine' : 'theirs');

/**
 * Claims one message (by UID) in the selected mailbox. Our own earlier claim
 * counts as ours (a watcher restarted after a crash resumes its work).
 */
export async function claimMessage(client: ImapFlow, uid: number, keyword: string): Promise<Claim> {
	if (!client.mailbox || !client.mailbox.permanentFlags?.has('\\*')) return 'unsupported';
	const mine = keyword.toLowerCase();
	// A store can lose to an unrelated change (a phone marking the mail read bumps MODSEQ): try again.
	for (let attempt = 0; attempt < 3; attempt++) {
		const before = await client.fetchOne(String(uid), { uid: true, flags: true }, { uid: true });
		if (!before) return 'theirs'; // expunged meanwhile
		const held = claimsIn(before.flags);
		if (held.length) return judge(held, mine);
		await client.messageFlagsAdd(String(uid), [keyword], { uid: true, unchangedSince: before.modseq });
		const after = await client.fetchOne(String(uid), { uid: true, flags: true }, { uid: true });
		if (!after) return 'theirs';
		const claims = claimsIn(after.flags);
		if (claims.length) return judge(claims, mine);
	}
	return 'theirs';
}
