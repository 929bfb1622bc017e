/**
 * The one error type TaskPing throws on purpose. `code` is stable (tests and
 * callers branch on it); `message` is one line that names the bad value and
 * the fix, so the CLI can print it as is.
 */
export class TaskPingError extends Error {
	readonly code: string;

	constructor(code: string, message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = 'TaskPingError';
		this.code = code;
	}
}

export const isTaskPingError = (error: unknown): error is TaskPingError => error instanceof TaskPingError;
