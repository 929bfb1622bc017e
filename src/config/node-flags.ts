/**
 * The watcher's V8 flags (explained in service/units.ts). Their own file so the
 * hook, which starts a watcher from a plugin's SessionStart, imports nothing else.
 */
export const WATCHER_NODE_FLAGS = ['--max-semi-space-size=1', '--expose-gc', '--no-opt', '--no-maglev'];
