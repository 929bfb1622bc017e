/** One printed row of the benchmark table (and one entry of --json). */
export interface Figure {
	/** "1", "3a", … */
	id: string;
	what: string;
	/** Number of samples behind the figure. */
	n: number | null;
	/** The figure as printed, e.g. "p50 41.2 ms · p95 60.3 ms". */
	value: string;
	/** The target as printed, e.g. "≤ 1.5×". */
	target: string;
	/** Whether the target is met; null when there is no target for this row. */
	ok: boolean | null;
	/** Raw numbers for machines (milliseconds, bytes, counts). */
	data: Record<string, unknown>;
}

export interface BenchOptions {
	quick: boolean;
	log: (line: string) => void;
}
