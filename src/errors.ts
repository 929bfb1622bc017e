/**
 * The one error type TaskPing throws on purpose. `code` is stable (tests and
 * callers branch on it); `problem` names the bad value; `fix` is what the
 * person does about it, kept apart so `doctor` and `init` can show or replace
 * it without parsing text. `message` joins the two into the one line the CLI
 * prints ("<problem> Fix: <fix>").
 */
export class TaskPingError extends Error {
	readonly code: string;
	readonly problem: string;
	readonly fix: string | undefined;

	constructor(code: string, problem: string, options: { cause?: unknown; fix?: string } = {}) {
		super(options.fix ? `${problem} Fix: ${options.fix}` : problem, 'cause' in options ? { cause: options.cause } : undefined);
		this.name = 'TaskPingError';
		this.code = code;
		this.problem = problem;
		this.fix = options.fix;
	}
}

export const isTaskPingError = (error: unknown): error is TaskPingError => error instanceof TaskPingError;
