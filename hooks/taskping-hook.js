#!/usr/bin/env node
// Claude Code hook entry (Stop, StopFailure, Notification, PermissionRequest, PermissionDenied, SessionStart). Thin on purpose:
// read stdin, hand it to the core, print its JSON answer (if any), and ALWAYS exit 0 — exit 2
// from a Stop hook would keep Claude from stopping.
// The core is hooks/bundle/hook.cjs: one self-contained CommonJS file built from src/ by
// scripts/bundle.js and committed, so a plugin installed straight from its marketplace runs
// with no build and no node_modules, and node starts it faster than any module graph.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

// TASKPING=0: TaskPing stays out of this session (read nothing, write nothing).
if (process.env.TASKPING === '0') process.exit(0);

const bundle = join(__dirname, 'bundle');
const entries = { senderEntry: join(bundle, 'send.mjs'), watcherEntry: join(bundle, 'taskping.mjs') };
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
	let out = '';
	try {
		out = require('./bundle/hook.cjs').handleHook(input, process.env, process.argv[2], entries);
	} catch (error) {
		// Never let an error reach Claude Code as a failing hook; but a missing core is said once.
		if (!existsSync(join(bundle, 'hook.cjs'))) out = bundleMissing(input);
		if (process.env.TASKPING_DEBUG === '1') process.stderr.write(`taskping hook: ${error?.message ?? error}\n`);
	}
	if (out) process.stdout.write(`${out}\n`);
	process.exit(0);
});
// A payload that never ends must not hold Claude Code: give up after 5 s.
setTimeout(() => process.exit(0), 5000).unref();

/** The core is gone (a partial copy, a checkout without it): say so once per session, from the temp dir. */
function bundleMissing(stdin) {
	const { closeSync, openSync } = require('node:fs');
	const { tmpdir } = require('node:os');
	let session = '';
	try {
		session = String(JSON.parse(stdin).session_id ?? '').replace(/[^\w-]/g, '').slice(0, 64);
	} catch {
		// not JSON: still warn, once per boot of the temp dir
	}
	try {
		closeSync(openSync(join(tmpdir(), `taskping-bundle-missing-${process.getuid?.() ?? 0}-${session}`), 'wx', 0o600));
	} catch {
		return '';
	}
	return JSON.stringify({ systemMessage: `TaskPing: its hook core ${join(bundle, 'hook.cjs')} is missing, so no notification is mailed. Reinstall the plugin (/plugin), or run npm run build in a checkout.` });
}
