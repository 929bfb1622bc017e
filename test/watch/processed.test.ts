/**
 * The processed map (which Message-IDs were handled, and how): one appended
 * journal line per change, a compacted snapshot now and then, and a reader
 * that survives a torn last line and sees files changed by another process.
 */
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resolvePaths, type Paths } from '../../src/fs/paths.js';
import { readProcessed, recordProcessed, type ProcessedEntry } from '../../src/state/processed.js';

const entry = (at: Date, state: ProcessedEntry['state'] = 'done', accepted = true): ProcessedEntry => ({ at: at.toISOString(), uid: 1, state, accepted, reasons: [] });

/** Runs `fn` with a fresh state folder, removed afterwards. */
function inWorld(fn: (world: { paths: Paths; journal: string }) => void): void {
	const home = mkdtempSync(join(tmpdir(), 'taskping-processed-'));
	const paths = resolvePaths({ TASKPING_HOME: home });
	mkdirSync(paths.stateDir, { recursive: true });
	try {
		fn({ paths, journal: join(paths.stateDir, 'processed.jsonl') });
	} finally {
		rmSync(home, { recursive: true, force: true });
	}
}

const journalLines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0);

test('each change is one journal line; the snapshot is not rewritten per mail', () =>
	inWorld(({ paths, journal }) => {
		const now = new Date();
		recordProcessed(paths, '<a@x>', entry(now, 'typing'), now);
		recordProcessed(paths, '<a@x>', entry(now, 'done'), now);
		recordProcessed(paths, '<b@x>', entry(now, 'done', false), now);
		assert.is(journalLines(journal), 3);
		assert.not.ok(existsSync(paths.processedFile), 'no snapshot yet');
		assert.equal(Object.keys(readProcessed(paths)).sort(), ['<a@x>', '<b@x>']);
		assert.is(readProcessed(paths)['<a@x>']!.state, 'done', 'the later line wins');
	}));

test('a torn last line (crash mid-append) is skipped; the lines before it count', () =>
	inWorld(({ paths, journal }) => {
		const now = new Date();
		recordProcessed(paths, '<a@x>', entry(now), now);
		appendFileSync(journal, '["<b@x>",{"at":"20');
		const processed = readProcessed(paths);
		assert.ok('<a@x>' in processed);
		assert.not.ok('<b@x>' in processed);
	}));

test('files changed by another process are read again, not served from memory', () =>
	inWorld(({ paths, journal }) => {
		const now = new Date();
		recordProcessed(paths, '<a@x>', entry(now), now);
		assert.ok('<a@x>' in readProcessed(paths));
		writeFileSync(paths.processedFile, JSON.stringify({ '<z@x>': entry(now) }));
		rmSync(journal);
		assert.equal(Object.keys(readProcessed(paths)), ['<z@x>']);
	}));

test('a long journal is folded into the snapshot: files and map stay bounded, old entries dropped', () =>
	inWorld(({ paths, journal }) => {
		const now = new Date();
		const old = new Date(now.getTime() - 40 * 86_400_000);
		writeFileSync(paths.processedFile, JSON.stringify({ '<ancient@x>': entry(old) }));
		for (let i = 0; i < 1001; i++) recordProcessed(paths, `<m${i}@x>`, entry(now), now);
		assert.is(journalLines(journal), 0, 'journal emptied after compaction');
		const snapshot = JSON.parse(readFileSync(paths.processedFile, 'utf8')) as Record<string, ProcessedEntry>;
		assert.is(Object.keys(snapshot).length, 1001);
		assert.not.ok('<ancient@x>' in snapshot, 'older than 30 days: dropped');
		recordProcessed(paths, '<after@x>', entry(now), now);
		assert.is(journalLines(journal), 1);
		assert.is(Object.keys(readProcessed(paths)).length, 1002);
	}));

test.run();
