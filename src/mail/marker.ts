/**
 * The line every notification carries right under its headline. Mail
 * clients quote it with the rest of the notification, so everything from it
 * downwards in a reply is history, never the user's new text. It names no
 * direction a client could contradict: Gmail puts the cursor above the quote,
 * Roundcube and Thunderbird below it, and both are fine. One line in both
 * languages, so it works whatever language the notification was sent in.
 */
export const REPLY_MARKER = '##- TaskPing · reply above or below this quote · 在引用上方或下方回复 -##';

/** What the extractor looks for: this marker and the one mails sent before it carry ("Reply above this line"), tolerant of quoting prefixes and re-spacing. */
export const REPLY_MARKER_PATTERN = /##-\s*(?:Reply above this line\s*·?\s*请在此行以上回复|TaskPing\b.*?)\s*-##/;

/**
 * The current marker always sits directly under the notification's headline
 * (the line a phone shows as the preview), so the line right above it is ours
 * too. Mails with the older marker had nothing above it.
 */
export const HEADLINE_MARKER_PATTERN = /##-\s*TaskPing\b.*?-##/;
