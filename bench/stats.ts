/**
 * Small statistics and formatting helpers for the benchmarks: percentiles by
 * linear interpolation between closest ranks (the usual "R-7" definition),
 * so p50 of an even count is the mean of the two middle values.
 */

export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = (p / 100) * (sorted.length - 1);
	const low = Math.floor(rank);
	const high = Math.ceil(rank);
	const lowValue = sorted[low]!;
	return lowValue + (sorted[high]! - lowValue) * (rank - low);
}

export const median = (values: readonly number[]): number => percentile(values, 50);

export interface Summary {
	n: number;
	p50: number;
	p95: number;
	min: number;
	max: number;
	mean: number;
}

export function summarize(values: readonly number[]): Summary {
	const n = values.length;
	return {
		n,
		p50: percentile(values, 50),
		p95: percentile(values, 95),
		min: n ? Math.min(...values) : Number.NaN,
		max: n ? Math.max(...values) : Number.NaN,
		mean: n ? values.reduce((a, b) => a + b, 0) / n : Number.NaN,
	};
}

/** Milliseconds for people: "37 ms", "1.24 s". */
export function formatMs(ms: number): string {
	if (!Number.isFinite(ms)) return '—';
	if (Math.abs(ms) >= 1000) return `${(ms / 1000).toFixed(2)} s`;
	if (Math.abs(ms) >= 100) return `${Math.round(ms)} ms`;
	return `${ms.toFixed(1)} ms`;
}

export const formatMb = (bytes: number): string => (Number.isFinite(bytes) ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : '—');

export const round = (value: number, digits = 1): number => (Number.isFinite(value) ? Number(value.toFixed(digits)) : value);

/** A plain-text table: the first row is the header; columns are padded to their widest cell. */
export function table(rows: string[][]): string {
	const widths: number[] = [];
	for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
	const line = (row: string[]) => row.map((cell, i) => cell + ' '.repeat((widths[i] ?? 0) - [...cell].length)).join('  ').trimEnd();
	const [head, ...body] = rows;
	if (!head) return '';
	return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
