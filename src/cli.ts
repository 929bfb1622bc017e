#!/usr/bin/env -S node --max-semi-space-size=1 --expose-gc
// The flags are WATCHER_NODE_FLAGS (service/units.ts): they keep the long-running watcher
// ~25 MB smaller, and V8 flags cannot be changed once node runs. Short commands do not
// notice them.
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { registerConfig } from './commands/config.js';
import { registerInspect } from './commands/inspect.js';
import { registerInstall } from './commands/install.js';
import { registerSendTest } from './commands/send-test.js';
import { registerWatch } from './commands/watch.js';
import { registerStatus } from './commands/status.js';
import { registerDoctor } from './commands/doctor.js';
import { registerService } from './commands/service.js';
import { registerInit } from './commands/init.js';

/** Errors are one line, prefixed, naming the bad value and the fix; the exit code is 1. */
function fail(message: string | undefined, error: Error | undefined): never {
	const text = error?.message ?? message ?? 'unknown error';
	process.stderr.write(`taskping: ${text.split('\n')[0]}\n`);
	if (process.env.TASKPING_DEBUG === '1' && error?.stack) process.stderr.write(`${error.stack}\n`);
	process.exit(1);
}

let cli = yargs(hideBin(process.argv))
	.scriptName('taskping')
	.usage('$0 <command>\n\nDrive Claude Code by email: notifications when Claude stops or needs you, and verified replies typed back into its tmux pane.')
	.command(
		'hook [event]',
		'Claude Code hook entry (reads the JSON payload on stdin). Normally run by hooks/taskping-hook.js; always exits 0.',
		(y) => y.positional('event', { type: 'string' }),
		async (argv) => {
			let input = '';
			for await (const chunk of process.stdin) input += chunk;
			try {
				const { runHook } = await import('./hook/run.js');
				runHook(input, process.env, argv.event, { senderEntry: fileURLToPath(new URL('./mail/send-main.js', import.meta.url)) });
			} catch {
				// a hook never fails Claude Code
			}
		},
	);
for (const register of [registerInstall, registerWatch, registerInspect, registerSendTest, registerConfig, registerStatus, registerDoctor, registerService, registerInit]) cli = register(cli);

await cli
	.demandCommand(1, 'Name a command; see taskping --help.')
	.strict()
	.recommendCommands()
	.epilogue('Setup: set SMTP_*/IMAP_*/EMAIL_TO/ALLOWED_SENDERS (taskping config keys), run taskping install, then taskping watch.')
	.fail((message, error) => fail(message, error))
	.help()
	.alias('h', 'help')
	.version()
	.wrap(Math.min(100, process.stdout.columns ?? 100))
	.parseAsync();
