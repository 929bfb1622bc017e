#!/usr/bin/env node
// Runs every compiled uvu suite (dist/test/**/*.test.js) in its own process, so
// one suite's servers or crash cannot leak into the next, then prints the one
// line CI reads: "N passed, N failed". Usage: node scripts/test.js [filter]
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const testDir = join(root, 'dist', 'test');
const filter = process.argv[2] ?? '';

function findSuites(dir) {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return findSuites(path);
		return name.endsWith('.test.js') ? [path] : [];
	}).sort();
}

function runSuite(file) {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [file], { stdio: ['ignore', 'pipe', 'inherit'] });
		let out = '';
		child.stdout.on('data', (chunk) => { out += chunk; process.stdout.write(chunk); });
		child.on('close', (code) => resolve({ code, out }));
	});
}

const count = (out, label) => Number(out.match(new RegExp(`${label}:\\s+(\\d+)`))?.[1] ?? 0);

let passed = 0;
let failed = 0;
const started = Date.now();
for (const file of findSuites(testDir).filter((f) => f.includes(filter))) {
	console.log(`\n▶ ${relative(root, file)}`);
	const { code, out } = await runSuite(file);
	const total = count(out, 'Total');
	const ok = count(out, 'Passed');
	passed += ok;
	// A suite that crashed before uvu printed its summary still counts as one failure.
	failed += code === 0 ? total - ok - count(out, 'Skipped') : Math.max(1, total - ok - count(out, 'Skipped'));
}
console.log(`\n(${((Date.now() - started) / 1000).toFixed(1)} s)`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
