/** Errors are one line, prefixed, naming the bad value and the fix; the exit code is 1. */
export function fail(message: string | undefined, error: Error | undefined): never {
	const text = error?.message ?? message ?? 'unknown error';
	process.stderr.write(`taskping: ${text.split('\n')[0]}\n`);
	if (process.env.TASKPING_DEBUG === '1' && error?.stack) process.stderr.write(`${error.stack}\n`);
	process.exit(1);
}
