/**
 * Terminal output for the interactive commands: colour only on a TTY and
 * never with NO_COLOR (https://no-color.org) or TERM=dumb; a spinner for
 * anything that can take more than a second, plain lines when piped.
 */
export interface Style {
	color: boolean;
	ok: (text: string) => string;
	warn: (text: string) => string;
	fail: (text: string) => string;
	dim: (text: string) => string;
	bold: (text: string) => string;
}

type Stream = Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean };

export function createStyle(stream: Stream, env: NodeJS.ProcessEnv = process.env): Style {
	const color = Boolean(stream.isTTY) && env.NO_COLOR === undefined && env.TERM !== 'dumb';
	const paint = (code: string) => (text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
	return { color, ok: paint('32'), warn: paint('33'), fail: paint('31'), dim: paint('2'), bold: paint('1') };
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * Runs `work` while showing `label`: a spinner with elapsed seconds on a TTY,
 * one "label …" line otherwise. The caller prints the outcome line.
 */
export async function withProgress<T>(stream: Stream, label: string, work: () => Promise<T>): Promise<T> {
	if (!stream.isTTY) {
		stream.write(`${label} …\n`);
		return work();
	}
	const started = Date.now();
	let frame = 0;
	const draw = () => {
		const seconds = Math.floor((Date.now() - started) / 1000);
		stream.write(`\r\x1b[2K${FRAMES[frame++ % FRAMES.length]} ${label} …${seconds >= 1 ? ` ${seconds}s` : ''}`);
	};
	draw();
	const timer = setInterval(draw, 80);
	try {
		return await work();
	} finally {
		clearInterval(timer);
		stream.write('\r\x1b[2K');
	}
}
