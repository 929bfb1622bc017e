import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * The last `maxBytes` of a file as text: logs and transcripts grow for hours and what we
 * want is at the end. The first line may be cut (callers of JSON lines skip it). Throws
 * when the file cannot be read.
 */
export function readFileTail(path: string, maxBytes: number): string {
	const fd = openSync(path, 'r');
	try {
		const size = fstatSync(fd).size;
		const length = Math.min(size, maxBytes);
		const buffer = Buffer.alloc(length);
		readSync(fd, buffer, 0, length, size - length);
		return buffer.toString('utf8');
	} finally {
		closeSync(fd);
	}
}
