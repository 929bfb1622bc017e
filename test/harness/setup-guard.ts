/**
 * uvu swallows an error thrown by a `before` hook (its runner returns from a
 * `finally`), prints nothing, and the servers the hook had started keep the
 * process alive for ever. Every suite that starts real parts wraps its set-up
 * in guardSetup(): a failure or a set-up that outlives its limit is printed
 * with the suite's name and the process exits non-zero at once (the harness's
 * exit hooks kill claude, tmux and the mail daemons).
 */
export function guardSetup<C>(suiteName: string, setup: (context: C) => Promise<void>, limitMs = 120_000): (context: C) => Promise<void> {
	return async (context: C) => {
		const t0 = Date.now();
		let timer: NodeJS.Timeout | undefined;
		const limit = new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error(`set-up still running after ${limitMs / 1000} s`)), limitMs);
		});
		try {
			await Promise.race([setup(context), limit]);
		} catch (error) {
			const err = error as Error;
			process.stderr.write(`\n✘ ${suiteName}: set-up failed after ${((Date.now() - t0) / 1000).toFixed(1)} s: ${err.stack ?? err.message}\n`);
			process.exit(1);
		} finally {
			clearTimeout(timer);
		}
	};
}
