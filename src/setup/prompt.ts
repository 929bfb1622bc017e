import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { TaskPingError } from '../errors.js';

/**
 * Questions on a terminal (a hidden password) or answers piped in, one per
 * line. Lines are queued as they come, so piped input that arrives all at
 * once is not lost between questions.
 */
export interface Prompter {
	ask(question: string, options?: { default?: string; validate?: (value: string) => string | null }): Promise<string>;
	secret(question: string): Promise<string>;
	choose(question: string, choices: Array<{ value: string; label: string }>, defaultValue?: string): Promise<string>;
	confirm(question: string, defaultYes: boolean): Promise<boolean>;
	close(): void;
}

type Input = NodeJS.ReadableStream & { isTTY?: boolean };
type Output = NodeJS.WritableStream;

export function createPrompter(input: Input, output: Output): Prompter {
	let muted = false;
	const echo = new Writable({
		write(chunk, encoding, done) {
			if (!muted) output.write(chunk, encoding);
			done();
		},
	});
	const rl = createInterface({ input, output: echo, terminal: Boolean(input.isTTY) });
	const lines: string[] = [];
	let waiting: ((line: string | null) => void) | null = null;
	let ended = false;
	rl.on('line', (line) => {
		if (!waiting) return void lines.push(line);
		waiting(line);
		waiting = null;
	});
	rl.on('close', () => {
		ended = true;
		waiting?.(null);
		waiting = null;
	});

	const nextLine = (): Promise<string> =>
		new Promise((resolve, reject) => {
			const take = (line: string | null) =>
				line === null ? reject(new TaskPingError('init-input-ended', 'The input ended before every question was answered. For a run without questions use --yes with flags or environment variables (see taskping init --help).')) : resolve(line);
			if (lines.length) take(lines.shift()!);
			else if (ended) take(null);
			else waiting = take;
		});

	const ask: Prompter['ask'] = async (question, options = {}) => {
		for (;;) {
			output.write(`${question}${options.default ? ` [${options.default}]` : ''}: `);
			const answer = (await nextLine()).trim() || options.default || '';
			const problem = options.validate?.(answer) ?? (answer ? null : 'an answer is needed');
			if (!problem) return answer;
			output.write(`  ${problem}\n`);
		}
	};

	return {
		ask,
		async secret(question) {
			for (;;) {
				output.write(`${question}: `);
				muted = Boolean(input.isTTY);
				let answer: string;
				try {
					answer = await nextLine();
				} finally {
					muted = false;
				}
				if (input.isTTY) output.write('\n');
				if (answer.trim()) return answer.trim();
				output.write('  an answer is needed\n');
			}
		},
		async choose(question, choices, defaultValue) {
			output.write(`${question}\n${choices.map((choice, index) => `  ${String(index + 1).padStart(2)}) ${choice.label}`).join('\n')}\n`);
			const defaultIndex = defaultValue ? choices.findIndex((c) => c.value === defaultValue) + 1 : 0;
			const answer = await ask('Choose a number or name', {
				default: defaultIndex > 0 ? String(defaultIndex) : undefined,
				validate: (value) => (pickChoice(choices, value) ? null : `pick 1 to ${choices.length}`),
			});
			return pickChoice(choices, answer)!;
		},
		async confirm(question, defaultYes) {
			const answer = await ask(`${question} (${defaultYes ? 'Y/n' : 'y/N'})`, { default: defaultYes ? 'y' : 'n', validate: (v) => (/^(y|yes|n|no)$/i.test(v) ? null : 'answer y or n') });
			return /^y/i.test(answer);
		},
		close: () => rl.close(),
	};
}

function pickChoice(choices: Array<{ value: string }>, answer: string): string | null {
	const index = Number(answer);
	if (Number.isInteger(index) && index >= 1 && index <= choices.length) return choices[index - 1]!.value;
	return choices.find((choice) => choice.value === answer.toLowerCase())?.value ?? null;
}
