import { execFileSync } from 'node:child_process';
import type { Argv } from 'yargs';
import { cliEntry } from '../fs/layout.js';

const shellQuote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

/**
 * `taskping setup`: what the plugin's /taskping:setup runs from Claude Code's
 * Bash tool. `init` asks for an app password, which must never pass through
 * the conversation, and the Bash tool has no terminal to ask in; so the
 * questions go to a new window of the user's own tmux (TaskPing needs tmux
 * anyway), and the watcher starts in the background once init succeeded.
 * Outside tmux it prints the one line to paste into a terminal.
 */
export function setupCommandLine(node = process.execPath, cli = cliEntry()): string {
	const run = (...args: string[]) => [node, cli, ...args].map(shellQuote).join(' ');
	return `${run('init')} && ${run('watch', '--detach')}`;
}

export function registerSetup(cli: Argv): Argv {
	return cli.command(
		'setup',
		'Run taskping init and then the watcher in the background, in a new tmux window (what the plugin command /taskping:setup does); outside tmux, print the line to run.',
		(y) => y.option('print', { type: 'boolean', describe: 'only print the command line' }).example('$0 setup', 'answer the questions in the new tmux window "taskping-setup"'),
		(argv) => {
			const line = setupCommandLine();
			if (argv.print || !process.env.TMUX) {
				console.log(`${process.env.TMUX || argv.print ? '' : 'taskping: not inside tmux; run this in a terminal:\n'}${line}`);
				return;
			}
			const script = `${line}; status=$?; echo; read -r -p "taskping setup finished (exit $status). Press Enter to close this window. " _`;
			execFileSync('tmux', ['new-window', '-n', 'taskping-setup', 'sh', '-c', script], { stdio: 'inherit' });
			console.log('taskping: the set-up questions are in the new tmux window "taskping-setup" (switch to it: Ctrl-b w, or Ctrl-b n). The mailbox password is typed there, never into Claude Code. When it is done, the watcher runs in the background and notifications start with the next reply Claude gives.');
		},
	);
}
