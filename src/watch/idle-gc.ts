/**
 * A full garbage collection once the watcher has been quiet for a moment
 * after handling mail, and one every `everyMails` mails while a burst lasts.
 * V8 keeps the heap it grew for a burst of replies until its own idle
 * heuristics catch up, which for a process that then sleeps for hours may be
 * never; a collection at that point hands the pages back. A flood of
 * strangers' mail is one long burst: without the count the heap would grow
 * with it (a collection costs a few ms; a hundred mails cost far more).
 * Needs node's --expose-gc (WATCHER_NODE_FLAGS, the CLI's shebang); without
 * it this does nothing.
 */
export function createIdleCollector(quietMs = 2000, collect = (globalThis as { gc?: () => void }).gc, everyMails = 50): { touch: () => void; stop: () => void } {
	let timer: NodeJS.Timeout | undefined;
	let touched = 0;
	return {
		touch: () => {
			if (!collect) return;
			clearTimeout(timer);
			if (++touched >= everyMails) {
				touched = 0;
				collect();
			}
			timer = setTimeout(() => {
				touched = 0;
				collect();
			}, quietMs);
			timer.unref();
		},
		stop: () => clearTimeout(timer),
	};
}
