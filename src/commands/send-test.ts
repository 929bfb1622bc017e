import type { Argv } from 'yargs';
import { loadConfig } from '../config/load.js';
import { resolveLanguage } from '../mail/i18n.js';
import { composeTestMail } from '../mail/test-mail.js';

export function registerSendTest(cli: Argv): Argv {
	return cli.command(
		'send-test',
		'Send a test notification to EMAIL_TO now, to check the SMTP settings. It carries no token, so replying to it does nothing.',
		(y) => y.option('to', { type: 'string', describe: 'send to this address instead of EMAIL_TO' }),
		async (argv) => {
			const config = loadConfig();
			const to = argv.to ? [argv.to] : config.emailTo;
			process.stdout.write(`taskping: sending a test mail to ${to.join(', ')} via ${config.smtp.host}:${config.smtp.port} … `);
			const { createSender } = await import('../mail/transport.js'); // nodemailer only when sending
			const sender = createSender(config);
			try {
				await sender.send(composeTestMail(config.emailFrom, to, resolveLanguage(config.language)));
				console.log('sent.');
			} finally {
				sender.close();
			}
		},
	);
}
