#!/usr/bin/env node
// Claude Code hook entry (Stop, Notification, PermissionRequest). Thin on purpose:
// read stdin, hand it to the compiled core, and ALWAYS exit 0 — exit 2 from a Stop
// hook would keep Claude from stopping. Prints nothing: stdout is read by Claude Code.
// CommonJS (hooks/package.json) requiring the CommonJS build of the core in
// hooks/dist (tsconfig.hook.json): a synchronous require chain starts faster than
// the ESM loader, and Claude Code waits on every millisecond of this process.
'use strict';
const { join } = require('node:path');

const senderEntry = join(__dirname, '..', 'dist', 'src', 'mail', 'send-main.js');
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
	try {
		const { runHook } = require('./dist/hook/run.js');
		runHook(input, process.env, process.argv[2], { senderEntry });
	} catch (error) {
		// Last resort: never let an error reach Claude Code as a failing hook.
		if (process.env.TASKPING_DEBUG === '1') process.stderr.write(`taskping hook: ${error?.message ?? error}\n`);
	}
	process.exit(0);
});
// A payload that never ends must not hold Claude Code: give up after 5 s.
setTimeout(() => process.exit(0), 5000).unref();
