import type { HookEvent } from '../claude/payload.js';
import { describeToolInput } from './compose-dialog.js';
import type { Texts } from './i18n.js';

/**
 * What the events beyond "Claude stopped" add to a notification: an auto-mode
 * denial (PermissionDenied: what was blocked, why, what a reply can do), a
 * failed turn (StopFailure: why it ended, when it can go on), and a word on
 * auto mode whenever the session runs in it.
 */
export function eventSummary(event: HookEvent, texts: Texts): string | null {
	if (event.event === 'PermissionDenied') return texts.denied.summary(describeToolInput(event.toolName ?? 'tool', event.toolInput).headline);
	if (event.event === 'StopFailure') return texts.failure.summary(event.error ?? 'error');
	return null;
}

export function eventSections(event: HookEvent, texts: Texts): Array<[string, string]> {
	const sections: Array<[string, string]> = [];
	if (event.event === 'PermissionDenied') {
		sections.push([texts.denied.what, describeToolInput(event.toolName ?? 'tool', event.toolInput).details || (event.toolName ?? '')]);
		sections.push([texts.denied.why, event.reason ?? texts.denied.noReason]);
		sections.push([texts.denied.whatNow, texts.denied.options]);
	}
	if (event.event === 'StopFailure') {
		sections.push([texts.failure.why, [event.error ? `${event.error}` : '', event.lastAssistantMessage ?? ''].filter(Boolean).join('\n')]);
		sections.push([texts.failure.when, texts.failure.whenText(event.error ?? '')]);
	}
	if (event.permissionMode === 'auto') sections.push([texts.autoMode.title, texts.autoMode.text]);
	return sections;
}
