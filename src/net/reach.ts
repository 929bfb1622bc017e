import { connect } from 'node:net';

/**
 * Whether anything accepts a TCP connection on host:port within the timeout.
 * No protocol is spoken: cheap enough to ask every few seconds while a
 * server is down, and the answer to "host or port wrong?" in checks.
 */
export function canConnect(host: string, port: number, timeoutMs = 3000): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = connect({ host, port });
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(timeoutMs, () => done(false));
		socket.once('connect', () => done(true));
		socket.once('error', () => done(false));
	});
}
