import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Argv } from 'yargs';
import { loadConfig } from '../config/load.js';
import { REPLY_MARKER } from '../mail/marker.js';
import { mailHost } from '../session/token.js';

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
				await sender.send({
					from: config.emailFrom,
					to,
					subject: '[TaskPing] test notification',
					text: `${REPLY_MARKER}\n\nThis is a test from TaskPing on ${hostname()} at ${new Date().toISOString()}.\nReal notifications carry a token like [TaskPing #K7Q2XM9PA4B3C] in the subject; reply to those.\n`,
					html: `<p>This is a test from TaskPing on ${hostname()}.</p>`,
					messageId: `<taskping-test.${randomBytes(8).toString('hex')}@${mailHost()}>`,
					headers: { 'Auto-Submitted': 'auto-generated' },
				});
				console.log('sent.');
			} finally {
				sender.close();
			}
		},
	);
}
