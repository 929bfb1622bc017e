// Replies from clients in de, fr, es, pt, ru, ja, ko, vi, ar, he (test/fixtures/replies-locale,
// written blind from the clients' public formats). Same contract as extract.test.ts (corpus.ts).
import { test } from 'uvu';
import { checkFixture, listFixtures } from './corpus.js';

const { root, names } = listFixtures('replies-locale');

/**
 * Fixtures known to fail, reported but not failing the suite. Each entry needs a reason;
 * the goal is an empty set.
 */
const KNOWN = new Map<string, string>([]);

test('the locale corpus has at least 30 fixtures', () => {
	if (names.length < 30) throw new Error(`only ${names.length} fixtures`);
});

test('KNOWN lists only fixtures that exist', () => {
	for (const name of KNOWN.keys()) if (!names.includes(name)) throw new Error(`KNOWN names a missing fixture: ${name}`);
});

let passed = 0;
for (const name of names) {
	test(`locale ${name}`, async () => {
		const failure = await checkFixture(root, name);
		if (failure === null) {
			passed++;
			if (KNOWN.has(name)) throw new Error(`${name} passes now: remove it from KNOWN`);
			return;
		}
		if (KNOWN.has(name)) {
			console.log(`  known failure (${KNOWN.get(name)}): ${failure}`);
			return;
		}
		throw new Error(failure);
	});
}

test('locale pass rate', () => {
	console.log(`  locale corpus: ${passed}/${names.length} pass exactly`);
});

test.run();
