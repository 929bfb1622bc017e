import type { Argv } from 'yargs';
import { createStyle, withProgress } from '../setup/style.js';

export function registerDoctor(cli: Argv): Argv {
	return cli.command(
		'doctor',
		'Check everything TaskPing needs: node, tmux, the hooks in each Claude settings file in play, the config, SMTP and IMAP logins, IDLE, the clock, disk space and the watcher. Exits 1 when something must be fixed.',
		(y) => y.option('json', { type: 'boolean', describe: 'print the findings as JSON' }).option('offline', { type: 'boolean', describe: 'skip the SMTP/IMAP logins' }),
		async (argv) => {
			// Loaded on use: the checks pull in the config store and, for the logins, the mail libraries.
			const { formatFindings, runDoctor } = await import('../setup/doctor-run.js');
			const style = createStyle(process.stdout);
			const progress = argv.json ? (_label: string, work: () => Promise<unknown>) => work() : (label: string, work: () => Promise<unknown>) => withProgress(process.stderr, label, work);
			const findings = await runDoctor(process.env, process.cwd(), { offline: Boolean(argv.offline), progress });
			if (argv.json) process.stdout.write(`${JSON.stringify(findings, null, 2)}\n`);
			else console.log(formatFindings(findings, style));
			if (findings.some((f) => f.severity === 'fail')) process.exitCode = 1;
		},
	);
}
