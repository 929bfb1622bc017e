import nodemailer from 'nodemailer';
import { TaskPingError } from '../errors.js';
import type { Config } from '../config/validate.js';
import type { OutgoingMail } from './compose.js';

export type SendMail = (mail: OutgoingMail) => Promise<void>;

export const isLoopback = (host: string): boolean => /^(127\.\d+\.\d+\.\d+|::1|localhost)$/i.test(host);

/**
 * A password must not cross a network in the clear: without implicit TLS,
 * STARTTLS is required unless the server is on this machine or the user
 * explicitly allowed it.
 */
export const mustRequireTls = (host: string, secure: boolean, allowInsecure: boolean): boolean =>
	!secure && !isLoopback(host) && !allowInsecure;

/** imapflow's login options for the service mailbox, in one place for the watcher, the login check and init's authserv-id reader. */
export function imapLoginOptions(config: Pick<Config, 'imap' | 'allowInsecureLogin'>) {
	const { imap } = config;
	return {
		host: imap.host,
		port: imap.port,
		secure: imap.secure,
		doSTARTTLS: mustRequireTls(imap.host, imap.secure, config.allowInsecureLogin) ? true : undefined,
		auth: { user: imap.user, pass: imap.pass },
		logger: false as const,
	};
}

/** nodemailer's options for the service account, in one place for the sender and the login check. */
export function smtpOptions(config: Pick<Config, 'smtp' | 'allowInsecureLogin'>, timeouts = { connection: 15_000, greeting: 10_000, socket: 30_000 }) {
	const { smtp } = config;
	return {
		host: smtp.host,
		port: smtp.port,
		secure: smtp.secure,
		requireTLS: mustRequireTls(smtp.host, smtp.secure, config.allowInsecureLogin),
		auth: { user: smtp.user, pass: smtp.pass },
		connectionTimeout: timeouts.connection,
		greetingTimeout: timeouts.greeting,
		socketTimeout: timeouts.socket,
	};
}

export function createSender(config: Config): { send: SendMail; close: () => void } {
	const { smtp } = config;
	const transport = nodemailer.createTransport(smtpOptions(config));
	const send: SendMail = async (mail) => {
		try {
			await transport.sendMail({
				from: mail.from,
				to: mail.to,
				subject: mail.subject,
				text: mail.text,
				html: mail.html,
				messageId: mail.messageId,
				inReplyTo: mail.inReplyTo,
				references: mail.references,
				headers: mail.headers,
				attachments: mail.attachments,
			});
		} catch (error) {
			const reason = (error as { code?: string }).code ?? (error as Error).message;
			throw new TaskPingError('smtp-failed', `Sending to ${mail.to.join(', ')} via ${smtp.host}:${smtp.port} failed (${reason}).`, { cause: error, fix: 'check SMTP_HOST, SMTP_PORT, SMTP_SECURE and the app password (taskping config set …), then taskping send-test' });
		}
	};
	return { send, close: () => transport.close() };
}
