/**
 * A private tmux server for end-to-end tests. Every call to startTmux() gets
 * its own socket name (`tmux -L <name> -f /dev/null`), so the user's tmux and
 * its config are never touched. The server is started with a minimal
 * environment and is killed by kill(), and as a last resort when this
 * process exits.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { execa } from 'execa';

export interface TmuxServer {
	socketName: string;
	/** What the first field of $TMUX is inside this server's panes. */
	socketPath: string;
	/** Runs `tmux -L name -f /dev/null ...args` and returns its stdout. */
	tmux(args: string[], input?: string): Promise<string>;
	/** capture-pane -p -J of the visible screen. */
	capture(pane: string): Promise<string>;
	/** Polls the screen until pred holds; on timeout throws an error that includes the last screen. */
	waitForScreen(pane: string, pred: (screen: string) => boolean, timeoutMs?: number): Promise<string>;
	kill(): Promise<void>;
}

let counter = 0;
/** socket name -> socket path, for the servers not yet killed. */
const live = new Map<string, string>();
let exitHookInstalled = false;

/** The environment of the tmux client, and so of a server it starts: explicit and minimal. */
export function tmuxClientEnv(): Record<string, string> {
	return {
		PATH: `${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`,
		LANG: 'C.UTF-8',
		LC_ALL: 'C.UTF-8',
		TERM: 'xterm-256color',
		HOME: process.env.HOME ?? '/tmp',
	};
}

function killAllSync(): void {
	for (const [name, path] of live) {
		spawnSync('tmux', ['-L', name, '-f', '/dev/null', 'kill-server'], { env: tmuxClientEnv(), stdio: 'ignore', timeout: 5000 });
		rmSync(path, { force: true });
	}
	live.clear();
}

function installExitHook(): void {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.on('exit', killAllSync);
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.once(signal, () => {
			killAllSync();
			process.exit(128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const)[signal]);
		});
	}
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startTmux(): Promise<TmuxServer> {
	installExitHook();
	const socketName = `tp-e2e-${process.pid}-${++counter}-${randomBytes(4).toString('hex')}`;
	const env = tmuxClientEnv();
	// tmux puts -L sockets in $TMUX_TMPDIR (unset here: our env is explicit) or /tmp, under tmux-<uid>/.
	const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
	const socketPath = join('/tmp', `tmux-${uid}`, socketName);

	const tmux = async (args: string[], input?: string): Promise<string> => {
		const result = await execa('tmux', ['-L', socketName, '-f', '/dev/null', ...args], {
			env,
			extendEnv: false,
			input: input ?? '',
			stripFinalNewline: false,
			timeout: 15_000,
		});
		return result.stdout;
	};

	// Keep the server alive with no session, so that it exists (and its socket path is known) before any pane.
	live.set(socketName, socketPath);
	await tmux(['start-server', ';', 'set-option', '-g', 'exit-empty', 'off']);

	const capture = async (pane: string): Promise<string> => tmux(['capture-pane', '-p', '-J', '-t', pane]);

	const waitForScreen = async (pane: string, pred: (screen: string) => boolean, timeoutMs = 15_000): Promise<string> => {
		const deadline = Date.now() + timeoutMs;
		let screen = '';
		let lastError: unknown;
		for (;;) {
			try {
				screen = await capture(pane);
				lastError = undefined;
				if (pred(screen)) return screen;
			} catch (error) {
				lastError = error;
			}
			if (Date.now() >= deadline) break;
			await sleep(100);
		}
		const why = lastError ? ` (last capture failed: ${(lastError as Error).message})` : '';
		throw new Error(`waitForScreen(${pane}) timed out after ${timeoutMs} ms${why}; last screen:\n${screen}`);
	};

	const kill = async (): Promise<void> => {
		if (!live.has(socketName)) return;
		live.delete(socketName);
		try {
			await tmux(['kill-server']);
		} catch {
			// already gone
		}
		// tmux 3.3a leaves the socket file behind when the server is killed.
		rmSync(socketPath, { force: true });
	};

	return { socketName, socketPath, tmux, capture, waitForScreen, kill };
}
