import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every `*.json` record in a folder, in name order; a missing folder is
 * empty. A file that does not parse is skipped, not fatal: records are
 * replaced atomically, so an unreadable one is a stray temp file or a record
 * being replaced right now, and the next read sees it. Shared by the outbox
 * (jobs) and the session store (records).
 */
export function readJsonFolder<T>(dir: string): T[] {
	let names: string[];
	try {
		names = readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
	} catch {
		return [];
	}
	return names.flatMap((name) => {
		try {
			return [JSON.parse(readFileSync(join(dir, name), 'utf8')) as T];
		} catch {
			return [];
		}
	});
}
