/**
 * The line every notification carries above its body. Mail clients quote it
 * with the rest of the notification, so everything from it downwards in a
 * reply is history, never the user's new text. One line in both languages, so
 * it works whatever language the notification was sent in.
 */
export const REPLY_MARKER = '##- Reply above this line · 请在此行以上回复 -##';

/** What the extractor looks for: tolerant of quoting prefixes and re-spacing by clients. */
export const REPLY_MARKER_PATTERN = /##-\s*Reply above this line\s*·?\s*请在此行以上回复\s*-##/;
