/**
 * What the watcher does with one new mail, decided on its header block alone (the body is
 * fetched later, and only for trusted mail): another machine's reply in a shared mailbox is
 * left exactly as it is; one of ours claimed elsewhere is skipped; one whose typing a crash
 * interrupted is settled from the transcript (reconcile.ts); everything else is handled
 * (handle.ts). Kept out of watcher.ts, which only wires the parts together.
 */
import { readProcessed } from '../state/processed.js';
import { carriesLocalToken, type Claim } from './claim.js';
import { handleMail, parseMail, type HandleDeps, type IncomingMail } from './handle.js';
import { isWholeHeaderBlock } from './header-block.js';
import { reconcileTyping } from './reconcile.js';

export type RouteDeps = Required<Pick<HandleDeps, 'paths' | 'config' | 'log' | 'inject' | 'answer' | 'queue'>>;

/** `ours`: the caller may flag it \Seen; `acted`: answers may be waiting in the outbox. */
export async function routeMail(incoming: IncomingMail, claim: () => Promise<Claim>, deps: RouteDeps): Promise<{ ours: boolean; acted: boolean }> {
	const { paths, config, log, answer } = deps;
	const { uid } = incoming;
	const head = isWholeHeaderBlock(incoming.header) ? await parseMail(incoming.header) : null;
	if (head && carriesLocalToken(head, paths.sessionsDir)) {
		const claimed = await claim();
		if (claimed === 'theirs') {
			log('info', 'reply-claimed-elsewhere', { uid });
			return { ours: false, acted: false };
		}
		const entry = head.messageId ? readProcessed(paths)[head.messageId] : undefined;
		const raw = entry?.state === 'typing' ? await incoming.readBody() : null;
		const mail = raw ? await parseMail(raw) : null;
		if (entry && mail) {
			reconcileTyping(mail, entry, { paths, config, log, answer });
			return { ours: true, acted: true };
		}
	} else if (config.sharedMailbox) {
		// Another machine's reply (or nobody's): leave it exactly as it is.
		log('info', 'mail-not-ours', { uid });
		return { ours: false, acted: false };
	}
	return { ours: (await handleMail(incoming, deps, head)).ours, acted: true };
}
