/** Every command, parsed by yargs; loaded by cli.ts for anything but a bare `taskping watch`. */
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
import { registerSetup } from './commands/setup.js';
import { fail } from './commands/fail.js';
import { cliEntry, packageVersion, senderEntry } from './fs/layout.js';


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
				const { handleHook } = await import('./hook/main.js');
				const out = handleHook(input, process.env, argv.event, { senderEntry: senderEntry(), watcherEntry: cliEntry() });
				if (out) process.stdout.write(`${out}\n`);
			} catch {
				// a hook never fails Claude Code
			}
		},
	);
for (const register of [registerInstall, registerWatch, registerInspect, registerSendTest, registerConfig, registerStatus, registerDoctor, registerService, registerInit, registerSetup]) cli = register(cli);

await cli
	.demandCommand(1, 'Name a command; see taskping --help.')
	.strict()
	.recommendCommands()
	.epilogue('Setup: set SMTP_*/IMAP_*/EMAIL_TO/ALLOWED_SENDERS (taskping config keys), run taskping install, then taskping watch.')
	.fail((message, error) => fail(message, error))
	.help()
	.alias('h', 'help')
	.version(packageVersion())
	.wrap(Math.min(100, process.stdout.columns ?? 100))
	.parseAsync();
