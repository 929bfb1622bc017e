import type { Argv } from 'yargs';
import { defaultSettingsFile, installHooks, uninstallHooks, type InstallResult } from '../../install/install.js';
import { findHooksInPlay } from '../setup/hooks-in-play.js';

function report(result: InstallResult, verb: string, dryRun: boolean): void {
	if (result.changes.length === 0) {
		console.log(`taskping: ${result.file} already ${verb === 'install' ? 'has TaskPing hooks; nothing to change' : 'has no TaskPing hooks; nothing to change'}.`);
		return;
	}
	for (const change of result.changes) console.log(`taskping: ${dryRun ? 'would have ' : ''}${change} in ${result.file}`);
	if (result.backup) console.log(`taskping: previous file saved as ${result.backup}`);
}

export function registerInstall(cli: Argv): Argv {
	const settingsOption = {
		describe: "Claude Code settings file (default: $CLAUDE_CONFIG_DIR/settings.json or ~/.claude/settings.json)",
		type: 'string' as const,
	};
	return cli
		.command(
			'install',
			"Register TaskPing's Stop, Notification, PermissionRequest, PermissionDenied and StopFailure hooks in Claude Code's user settings (safe to run again).",
			(y) =>
				y
					.option('settings', settingsOption)
					.option('dry-run', { type: 'boolean', describe: 'show what would change, write nothing' })
					.option('force', { type: 'boolean', describe: 'add the hooks even when the TaskPing plugin is enabled' })
					.example('$0 install', 'add the hooks to ~/.claude/settings.json'),
			(argv) => {
				// The plugin registers the same hooks: both would mail every event twice.
				const plugin = findHooksInPlay(process.env, process.cwd()).pluginEnabled;
				if (plugin && !argv.force) {
					console.log(`taskping: the TaskPing plugin (${plugin}) is enabled and already registers the hooks; nothing added. Use --force to add them to settings too.`);
					return;
				}
				report(installHooks(argv.settings ?? defaultSettingsFile(), undefined, argv.dryRun), 'install', Boolean(argv.dryRun));
			},
		)
		.command(
			'uninstall',
			'Remove exactly the hooks that install added; every other setting stays as it is.',
			(y) => y.option('settings', settingsOption).option('dry-run', { type: 'boolean', describe: 'show what would change, write nothing' }),
			(argv) => report(uninstallHooks(argv.settings ?? defaultSettingsFile(), argv.dryRun), 'uninstall', Boolean(argv.dryRun)),
		);
}
