// Runs every fixture under test/fixtures/replies through mailparser and
// extractReply, comparing with name.expected.txt ("NO COMMAND" = null).
import { test } from 'uvu';
import { checkFixture, listFixtures } from './corpus.js';

const { root, names } = listFixtures('replies');

test('the corpus has at least 40 fixtures', () => {
	if (names.length < 40) throw new Error(`only ${names.length} fixtures`);
});

for (const name of names) {
	test(`fixture ${name}`, async () => {
		const failure = await checkFixture(root, name);
		if (failure !== null) throw new Error(failure);
	});
}

test.run();
