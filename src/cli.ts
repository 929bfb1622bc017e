#!/usr/bin/env -S node --max-semi-space-size=1 --expose-gc --no-opt --no-maglev
// The flags are WATCHER_NODE_FLAGS (service/units.ts, where each is explained): they keep
// the long-running watcher ~35 MB smaller, and V8 flags cannot be changed once node runs.
// Short commands do not notice them.
//
// A bare `taskping watch` (what the service runs) goes straight to the watcher: the process
// that stays up for months then never holds yargs and every other command (~6 MB resident).
// Anything else, `taskping watch --help` included, goes through the full parser.
import { fail } from './commands/fail.js';

const args = process.argv.slice(2);
if (args.length === 1 && args[0] === 'watch') {
	const { runWatch } = await import('./commands/watch.js');
	await runWatch().catch((error: Error) => fail(undefined, error));
} else {
	await import('./cli-app.js');
}
