import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { TaskPingError } from '../errors.js';

/**
 * Runs one tmux command on a given server socket. Mail text only ever goes in
 * through `input` (stdin of load-buffer), never in argv: tmux splits argv on
 * `;` and expands formats (security-facts.md).
 */
export type RunTmux = (socket: string, args: string[], input?: string) => Promise<string>;

/**
 * Plain execFile rather than execa: the watcher calls tmux several times per
 * reply, and execa costs resident memory and a few ms per call. Stdin is
 * always closed, so tmux never waits on it.
 */
export const runTmux: RunTmux = (socket, args, input) =>
	new Promise((resolve, reject) => {
		const child = execFile('tmux', ['-S', socket, ...args], { timeout: 5000, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
			if (error) reject(new TaskPingError('tmux-failed', `tmux -S ${socket} ${args[0]} failed: ${String(stderr).trim() || error.message}`, { cause: error }));
			else resolve(String(stdout).replace(/\r?\n$/, ''));
		});
		// tmux may exit before reading its stdin (commands that take none): that EPIPE is not an error.
		child.stdin?.on('error', () => undefined);
		if (input === undefined) child.stdin?.end();
		else child.stdin?.end(input);
	});

export interface PaneInfo {
	id: string;
	pid: number;
	dead: boolean;
}

const PANE_FORMAT = '#{pane_id} #{pane_pid} #{pane_dead}';

function pickPane(lines: string[], pane: string): PaneInfo | null {
	for (const line of lines) {
		const [id, pid, dead] = line.split(' ');
		if (id === pane) return { id, pid: Number(pid), dead: dead === '1' };
	}
	return null;
}

/** The pane with that id on that server, or null when the server or the pane is gone. */
export async function findPane(tmux: RunTmux, socket: string, pane: string): Promise<PaneInfo | null> {
	try {
		return pickPane((await tmux(socket, ['list-panes', '-a', '-F', PANE_FORMAT])).split('\n'), pane);
	} catch {
		return null; // no server on that socket any more
	}
}

/**
 * The pane list and the pane's screen (with escapes) in one tmux call instead
 * of two. List lines carry a random per-call prefix and come first, so no
 * text on the screen can pass for one. When the pane is gone the capture
 * fails the whole call: then the list alone says so.
 */
export async function findPaneWithScreen(tmux: RunTmux, socket: string, pane: string): Promise<{ info: PaneInfo | null; screen: string | null }> {
	const tag = `TP${randomBytes(6).toString('hex')} `;
	let lines: string[];
	try {
		lines = (await tmux(socket, ['list-panes', '-a', '-F', tag + PANE_FORMAT, ';', 'capture-pane', '-p', '-e', '-t', pane])).split('\n');
	} catch {
		return { info: await findPane(tmux, socket, pane), screen: null };
	}
	let count = 0;
	while (count < lines.length && lines[count]!.startsWith(tag)) count++;
	const info = pickPane(lines.slice(0, count).map((line) => line.slice(tag.length)), pane);
	return { info, screen: info ? lines.slice(count).join('\n') : null };
}

/** The visible screen of a pane, as text. */
export const capturePane = (tmux: RunTmux, socket: string, pane: string): Promise<string> =>
	tmux(socket, ['capture-pane', '-p', '-J', '-t', pane]);

/**
 * Bracketed paste of the whole text as one unit (paste-buffer -p): newlines
 * stay newlines inside Claude Code's input box instead of submitting line by
 * line. The buffer has a unique name and is deleted by the paste (-d).
 */
export async function pasteText(tmux: RunTmux, socket: string, pane: string, text: string): Promise<void> {
	const buffer = `taskping-${randomBytes(6).toString('hex')}`;
	// One tmux call (a lone ';' argv separates commands); the text still only travels on stdin.
	await tmux(socket, ['load-buffer', '-b', buffer, '-', ';', 'paste-buffer', '-p', '-d', '-b', buffer, '-t', pane], text);
}

export const pressKeys = (tmux: RunTmux, socket: string, pane: string, keys: string[]): Promise<string> =>
	tmux(socket, ['send-keys', '-t', pane, ...keys]);
