// Second opinion on the extractor: fixtures under test/fixtures/replies-blind were written
// from the clients' real reply formats without looking at src/reply or the first corpus.
// Same contract as extract.test.ts (corpus.ts).
import { test } from 'uvu';
import { registerCorpus } from './corpus.js';

/**
 * Fixtures known to fail, reported but not failing the suite. Each entry needs a reason;
 * the goal is an empty set.
 */
const KNOWN = new Map<string, string>([]);

registerCorpus('replies-blind', 'blind', KNOWN);

test.run();
