/**
 * A full garbage collection once the watcher has been quiet for a moment
 * after handling mail. V8 keeps the heap it grew for a burst of replies until
 * its own idle heuristics catch up, which for a process that then sleeps for
 * hours may be never; a collection at that point hands the pages back.
 * Needs node's --expose-gc (WATCHER_NODE_FLAGS, the CLI's shebang); without
 * it this does nothing.
 */
export function createIdleCollector(quietMs = 2000, collect = (globalThis as { gc?: () => void }).gc): { touch: () => void; stop: () => void } {
	let timer: NodeJS.Timeout | undefined;
	return {
		touch: () => {
			if (!collect) return;
			clearTimeout(timer);
			timer = setTimeout(collect, quietMs);
			timer.unref();
		},
		stop: () => clearTimeout(timer),
	};
}
