/**
 * Free TCP ports on 127.0.0.1 for test daemons. The kernel picks the port
 * (listen on :0), so two concurrent test processes do not collide; within one
 * process a port is never handed out twice.
 */
import { createServer, connect } from 'node:net';

const handedOut = new Set<number>();

function listenOnce(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.once('error', reject);
		server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => (port > 0 ? resolve(port) : reject(new Error('could not read the listening port'))));
		});
	});
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export async function getFreePort(): Promise<number> {
	for (let i = 0; i < 50; i++) {
		const port = await listenOnce();
		if (!handedOut.has(port)) {
			handedOut.add(port);
			return port;
		}
	}
	throw new Error('getFreePort: the kernel kept returning ports already handed out');
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function isPortOpen(port: number, timeoutMs = 500): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = connect({ host: '127.0.0.1', port });
		const done = (open: boolean): void => {
			socket.destroy();
			resolve(open);
		};
		socket.setTimeout(timeoutMs, () => done(false));
		socket.once('connect', () => done(true));
		socket.once('error', () => done(false));
	});
}

/**
 * Connects to 127.0.0.1:port and resolves with the first line the server
 * sends (a greeting such as "220 ..." or "* OK ..."); rejects on error or
 * after timeoutMs.
 */
export function readGreeting(port: number, timeoutMs = 2000): Promise<string> {
	return new Promise((resolve, reject) => {
		const socket = connect({ host: '127.0.0.1', port });
		let buffer = '';
		const finish = (error: Error | null, line?: string): void => {
			socket.destroy();
			if (error) reject(error);
			else resolve(line ?? '');
		};
		socket.setTimeout(timeoutMs, () => finish(new Error(`no greeting on port ${port} within ${timeoutMs} ms`)));
		socket.on('data', (chunk: Buffer) => {
			buffer += chunk.toString('latin1');
			const end = buffer.indexOf('\n');
			if (end >= 0) finish(null, buffer.slice(0, end).replace(/\r$/, ''));
		});
		socket.once('error', (error) => finish(error));
		socket.once('end', () => finish(new Error(`port ${port} closed before a greeting`)));
	});
}
