/**
 * Waits `ms`, or less when `signal` aborts; never rejects (a stop is not an
 * error for the loops that sleep). The abort listener goes when the sleep
 * ends either way: the watcher sleeps on one signal for its whole life
 * (reconnect backoff), and a listener left per sleep piles up until Node
 * warns (MaxListenersExceededWarning after 11 reconnects).
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		if (signal?.aborted) return resolve();
		const done = () => {
			clearTimeout(timer);
			signal?.removeEventListener('abort', done);
			resolve();
		};
		const timer = setTimeout(done, ms);
		signal?.addEventListener('abort', done, { once: true });
	});
}
