import { hostname } from 'node:os';
import type { Config } from '../config/validate.js';
import type { HookEvent } from '../claude/payload.js';
import { readLastAssistantText, readLastUserPrompt } from '../claude/transcript.js';
import { readTurnSummary } from '../claude/turn-summary.js';
import type { SessionRecord } from '../session/store.js';
import { formatMessageId, mailHost } from '../session/token.js';
import { composeNotification, type OutgoingMail } from './compose.js';
import { composeDialog } from './compose-dialog.js';

/** The mail for a queued hook event: a dialog mail for dialog records, else the turn notification. Reads the transcript. */
export function composeJobMail(record: SessionRecord, event: HookEvent, createdAt: string, config: Pick<Config, 'emailFrom' | 'emailTo' | 'allowAlways' | 'language'>): OutgoingMail {
	const input = {
		token: record.token,
		event,
		lastPrompt: readLastUserPrompt(event.transcriptPath),
		host: hostname(),
		now: new Date(createdAt),
		expiresAt: record.expiresAt,
		from: config.emailFrom,
		to: config.emailTo,
		messageId: formatMessageId(record.token, mailHost()),
		previousMessageIds: record.messageIds.slice(-5),
		language: config.language,
		// Read here, in the sender, never in the hook: the tail only, so a long session costs the same.
		turn: event.event === 'Stop' ? readTurnSummary(event.transcriptPath, event.promptId) : null,
	};
	if (record.dialog) return composeDialog({ ...input, dialog: record.dialog, explanation: readLastAssistantText(event.transcriptPath), allowAlways: config.allowAlways });
	return composeNotification(input);
}
