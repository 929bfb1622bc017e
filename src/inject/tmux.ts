import { execa } from 'execa';
import { randomBytes } from 'node:crypto';
import { TaskPingError } from '../errors.js';

/**
 * Runs one tmux command on a given server socket. Mail text only ever goes in
 * through `input` (stdin of load-buffer), never in argv: tmux splits argv on
 * `;` and expands formats (security-facts.md).
 */
export type RunTmux = (socket: string, args: string[], input?: string) => Promise<string>;

export const runTmux: RunTmux = async (socket, args, input) => {
	try {
		const result = await execa('tmux', ['-S', socket, ...args], { input: input ?? '', timeout: 5000, stripFinalNewline: true });
		return result.stdout;
	} catch (error) {
		throw new TaskPingError('tmux-failed', `tmux -S ${socket} ${args[0]} failed: ${(error as { shortMessage?: string }).shortMessage ?? (error as Error).message}`, { cause: error });
	}
};

export interface PaneInfo {
	id: string;
	pid: number;
	dead: boolean;
}

/** The pane with that id on that server, or null when the server or the pane is gone. */
export async function findPane(tmux: RunTmux, socket: string, pane: string): Promise<PaneInfo | null> {
	let out: string;
	try {
		out = await tmux(socket, ['list-panes', '-a', '-F', '#{pane_id} #{pane_pid} #{pane_dead}']);
	} catch {
		return null; // no server on that socket any more
	}
	for (const line of out.split('\n')) {
		const [id, pid, dead] = line.split(' ');
		if (id === pane) return { id, pid: Number(pid), dead: dead === '1' };
	}
	return null;
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
	await tmux(socket, ['load-buffer', '-b', buffer, '-'], text);
	await tmux(socket, ['paste-buffer', '-p', '-d', '-b', buffer, '-t', pane]);
}

export const pressKeys = (tmux: RunTmux, socket: string, pane: string, keys: string[]): Promise<string> =>
	tmux(socket, ['send-keys', '-t', pane, ...keys]);
