import type { Argv } from 'yargs';
import { FIELDS, getPath, requireField } from '../config/fields.js';
import { redactConfig } from '../config/validate.js';
import { TaskPingError } from '../errors.js';
import { resolvePaths } from '../fs/paths.js';

export function registerConfig(cli: Argv): Argv {
	return cli.command('config <action> [key] [value]', 'Show or change settings (stored 0600 in the config dir; the environment overrides them).', (y) =>
		y
			.positional('action', { choices: ['set', 'get', 'list', 'path', 'keys'] as const, describe: 'what to do' })
			.positional('key', { type: 'string', describe: 'setting, by environment name (SMTP_HOST) or key (smtp.host)' })
			.positional('value', { type: 'string' })
			.example('$0 config set SMTP_HOST smtp.gmail.com', 'store a setting')
			.example('$0 config set ALLOWED_SENDERS me@gmail.com,me@qq.com', 'lists are comma-separated')
			.example('$0 config keys', 'every setting with its meaning'),
		async (argv) => {
			// conf and its schema compiler load only for this command, not at every CLI start.
			const { openStore, setSetting } = await import('../config/store.js');
			const paths = resolvePaths();
			if (argv.action === 'path') return console.log(paths.configFile);
			if (argv.action === 'keys') {
				for (const field of FIELDS) console.log(`${field.env.padEnd(30)} ${field.key.padEnd(18)} ${field.help}${field.default !== undefined ? ` (default ${JSON.stringify(field.default)})` : ''}`);
				return;
			}
			if (argv.action === 'list') return console.log(JSON.stringify(redactConfig(openStore(paths).store), null, 2));
			if (!argv.key) throw new TaskPingError('config-usage', `taskping config ${argv.action} needs a key.`, { fix: `taskping config ${argv.action} SMTP_HOST${argv.action === 'set' ? ' smtp.example.com' : ''} (taskping config keys lists them)` });
			if (argv.action === 'get') {
				const field = requireField(argv.key);
				const value = getPath(redactConfig(openStore(paths).store), field.key);
				return console.log(value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value));
			}
			if (argv.value === undefined) throw new TaskPingError('config-usage', `taskping config set ${argv.key} needs a value.`, { fix: `taskping config set ${argv.key} <value> (quote it if it has spaces)` });
			const field = setSetting(argv.key, argv.value, paths);
			console.log(`taskping: set ${field.env} (${field.key}) in ${paths.configFile}`);
		},
	);
}
