import type { Argv } from 'yargs';
import { installService, isCurrent, logsHint, serviceStatus, uninstallService } from '../service/manage.js';
import { specFor } from '../service/spec.js';
import { renderUnit } from '../service/units.js';

export function registerService(cli: Argv): Argv {
	return cli.command(
		'service <action>',
		'Run the watcher in the background: a systemd user unit on Linux, a launchd agent on macOS; restarted when it fails, started at login.',
		(y) =>
			y
				.positional('action', { choices: ['install', 'uninstall', 'status'] as const, describe: 'what to do' })
				.option('print', { type: 'boolean', describe: 'install: print the unit instead of writing it' })
				.option('platform', { choices: ['linux', 'darwin'] as const, describe: 'generate for this platform (default: this machine)' })
				.option('json', { type: 'boolean', describe: 'status: print JSON' })
				.example('$0 service install', 'install and start it')
				.example('$0 service install --print', 'show the unit without writing anything'),
		// async: yargs routes a rejected handler to the one-line error, a synchronous throw it does not.
		async (argv) => {
			const spec = specFor(process.env, argv.platform);
			if (argv.action === 'install') {
				if (argv.print) return void process.stdout.write(renderUnit(spec));
				const { unitFile, replaced } = installService(spec);
				console.log(`taskping: ${replaced ? 'updated and restarted' : 'installed and started'} ${spec.name} (${unitFile})`);
				console.log(`taskping: logs: ${logsHint(spec)}; state: taskping status`);
				if (spec.platform === 'linux') console.log('taskping: to keep it running while you are logged out: loginctl enable-linger $USER');
				return;
			}
			if (argv.action === 'uninstall') {
				const { removed } = uninstallService(spec);
				console.log(removed ? `taskping: stopped and removed ${spec.name} (${spec.unitFile})` : `taskping: no service installed (${spec.unitFile} does not exist); nothing to do.`);
				return;
			}
			const status = { ...serviceStatus(spec), current: isCurrent(spec) };
			if (argv.json) return void process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
			if (!status.installed) return console.log(`service   not installed (taskping service install)`);
			console.log(`service   ${status.state}${status.pid ? ` (pid ${status.pid})` : ''}, ${status.enabled ? 'starts at login' : 'not started at login'}: ${status.unitFile}`);
			if (!status.current) console.log('          the unit is out of date (node or TaskPing moved): run taskping service install again');
			console.log(`logs      ${status.logs}`);
		},
	);
}
