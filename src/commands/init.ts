import type { Argv } from 'yargs';
import { resolvePaths } from '../fs/paths.js';
import { createStyle, withProgress } from '../setup/style.js';

export function registerInit(cli: Argv): Argv {
	return cli.command(
		'init',
		'Set TaskPing up in two minutes: pick the provider, paste an app password, and it logs in to SMTP and IMAP before saving, sends a test notification, installs the hooks and offers the background service. Every question has a flag; --yes asks nothing.',
		(y) =>
			y
				.option('yes', { alias: 'y', type: 'boolean', describe: 'ask nothing: take flags, then SMTP_*/IMAP_*/EMAIL_TO/ALLOWED_SENDERS/TASKPING_* from the environment, then the provider preset' })
				.option('provider', { type: 'string', describe: 'gmail, outlook, icloud, qq, 163, 126, feishu, lark, exmail or custom (TASKPING_PROVIDER; default: guessed from the address)' })
				.option('email', { type: 'string', describe: 'service mailbox address, also the login (SMTP_USER)' })
				.option('password', { type: 'string', describe: 'its app password (SMTP_PASS); prefer the environment to keep it out of shell history' })
				.option('smtp-host', { type: 'string', describe: 'SMTP server (SMTP_HOST)' })
				.option('smtp-port', { type: 'number', describe: 'SMTP port (SMTP_PORT)' })
				.option('smtp-secure', { type: 'boolean', describe: 'TLS from the first byte, port 465 (SMTP_SECURE); --no-smtp-secure for STARTTLS' })
				.option('imap-host', { type: 'string', describe: 'IMAP server (IMAP_HOST)' })
				.option('imap-port', { type: 'number', describe: 'IMAP port (IMAP_PORT)' })
				.option('imap-secure', { type: 'boolean', describe: 'TLS from the first byte, port 993 (IMAP_SECURE)' })
				.option('imap-user', { type: 'string', describe: 'IMAP login when it differs (IMAP_USER)' })
				.option('imap-pass', { type: 'string', describe: 'IMAP password when it differs (IMAP_PASS)' })
				.option('to', { type: 'string', describe: 'where notifications go, comma-separated (EMAIL_TO)' })
				.option('allow', { type: 'string', describe: 'who may answer, comma-separated (ALLOWED_SENDERS; default: --to)' })
				.option('language', { type: 'string', describe: 'en or zh (TASKPING_LANGUAGE; default: the system locale)' })
				.option('shared', { type: 'boolean', describe: 'several machines share this mailbox (TASKPING_SHARED_MAILBOX)' })
				.option('authserv-id', { type: 'string', describe: "the mail server's authserv-id (TASKPING_AUTHSERV_ID; default: the preset's, or learned from your answer to the test mail)" })
				.option('test-mail', { type: 'boolean', default: true, describe: 'send a test notification (--no-test-mail to skip)' })
				.option('wait-reply', { type: 'number', describe: 'seconds to wait for your answer to the test mail, to learn the authserv-id (default: ask; 0 with --yes)' })
				.option('hooks', { type: 'boolean', default: true, describe: "register the hooks in Claude Code's settings (--no-hooks to skip)" })
				.option('settings', { type: 'string', describe: 'Claude Code settings file for the hooks (default: $CLAUDE_CONFIG_DIR/settings.json or ~/.claude/settings.json)' })
				.option('service', { type: 'boolean', describe: 'install the watcher as a background service (default: ask; no with --yes)' })
				.example('$0 init', 'answer a few questions')
				.example('SMTP_USER=me@gmail.com SMTP_PASS=… EMAIL_TO=me@qq.com $0 init --yes --provider gmail', 'no questions'),
		async (argv) => {
			// Loaded on use: the flow pulls in the config store and, for the logins, the mail libraries.
			const [{ runInit }, { createPrompter }, { installService }, { specFor }] = await Promise.all([
				import('../setup/init-flow.js'), import('../setup/prompt.js'), import('../service/manage.js'), import('../service/spec.js'),
			]);
			const style = createStyle(process.stdout);
			const prompter = argv.yes ? null : createPrompter(process.stdin, process.stdout);
			try {
				await runInit(
					{ ...argv, authservId: argv.authservId, testMail: argv.testMail, waitReply: argv.waitReply },
					{
						env: process.env,
						cwd: process.cwd(),
						paths: resolvePaths(),
						prompter,
						print: (line) => console.log(line),
						style,
						progress: (label, work) => withProgress(process.stdout, label, work),
						installService: () => {
							const spec = specFor(process.env);
							installService(spec);
							return `watcher service ${spec.name} installed and started (${spec.unitFile})`;
						},
					},
				);
			} finally {
				prompter?.close();
			}
		},
	);
}
