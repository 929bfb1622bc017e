/**
 * Claude Code's hook events TaskPing takes part in, by Claude Code's names: the one list the
 * installer, the plugin check (`doctor`) and the hook read. hooks/hooks.json (JSON, for the
 * plugin) names the same events; test/core/hook-events.test.ts keeps the two equal.
 */

/** The events a hook mails about, in the order the installer registers them. */
export const MAILED_EVENTS = ['Stop', 'Notification', 'PermissionRequest', 'PermissionDenied', 'StopFailure'] as const;

/** The plugin's SessionStart starts a watcher when none runs (hook/session-start.ts); it mails nothing. */
export const SESSION_START = 'SessionStart';
