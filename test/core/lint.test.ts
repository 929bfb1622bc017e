/**
 * The linter (Biome, biome.jsonc) and the unused-export check (knip, knip.json) run as part of
 * `npm test`, so CI counts them in its "N passed, N failed" line like any other test. Both read
 * the sources (not dist/); `npm run lint` runs the same two commands by hand.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);

function run(command: string, args: string[]): { code: number | null; output: string } {
	const result = spawnSync(bin(command), args, { cwd: ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
	if (result.error) return { code: null, output: `${command}: ${result.error.message} (run npm ci)` };
	return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

test('Biome finds nothing (errors and warnings both fail; npm run lint to see them)', () => {
	const { code, output } = run('biome', ['lint', '--error-on-warnings', '--max-diagnostics=50']);
	assert.ok(code === 0, `biome lint failed:\n${output}`);
	assert.match(output, /Checked \d+ files/);
});

test('knip finds no unused export, file or dependency', () => {
	const { code, output } = run('knip', ['--no-progress']);
	assert.ok(code === 0, `knip failed:\n${output}`);
});

test.run();
