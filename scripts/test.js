#!/usr/bin/env node
// Runs every compiled uvu suite (dist/test/**/*.test.js) in its own process
// group, so one suite's servers or crash cannot leak into the next, and no
// suite can hang the run: past its wall-clock limit the whole group is killed
// and the suite counts as failed. The suites under e2e/ drive the real Claude
// Code CLI and run once per Claude Code build of the version matrix (the
// pinned devDependency and the newest on npm). Prints the one line CI reads:
// "N passed, N failed".
//
// Usage: node scripts/test.js [filter]
//   TASKPING_SUITE_TIMEOUT_S   per-suite limit in seconds (default 480)
//   TASKPING_CLAUDE_MATRIX     both (default) | pinned | latest
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { latestClaude, pinnedClaude } from './claude-versions.js';

const root = new URL('..', import.meta.url).pathname;
const testDir = join(root, 'dist', 'test');
const filter = process.argv[2] ?? '';
const limitMs = Number(process.env.TASKPING_SUITE_TIMEOUT_S ?? 480) * 1000;
const REAL_CLAUDE = /[\\/]e2e[\\/]/;

function findSuites(dir) {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return findSuites(path);
		return name.endsWith('.test.js') ? [path] : [];
	}).sort();
}

/** Runs one suite in a process group of its own; past the limit, the group (claude, tmux, servers it started) is killed. */
let current = null;
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, () => {
		if (current) current(signal);
		process.exit(130);
	});
}

function runSuite(file, env) {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [file], { stdio: ['ignore', 'pipe', 'inherit'], detached: true, env: { ...process.env, ...env } });
		let out = '';
		let timedOut = false;
		const killGroup = (signal) => {
			try {
				process.kill(-child.pid, signal);
			} catch {
				// already gone
			}
		};
		current = killGroup;
		const timer = setTimeout(() => {
			timedOut = true;
			console.error(`\n✘ ${relative(root, file)}: still running after ${limitMs / 1000} s — killing its process group (TASKPING_SUITE_TIMEOUT_S to change the limit)`);
			killGroup('SIGTERM');
			setTimeout(() => killGroup('SIGKILL'), 5000).unref();
		}, limitMs);
		child.stdout.on('data', (chunk) => { out += chunk; process.stdout.write(chunk); });
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			current = null;
			killGroup('SIGKILL'); // anything the suite left behind
			resolve({ code: timedOut ? 124 : (code ?? (signal ? 128 : 1)), out, timedOut });
		});
	});
}

const count = (out, label) => Number(out.match(new RegExp(`${label}:\\s+(\\d+)`))?.[1] ?? 0);

/** The Claude Code builds to run the e2e suites on; a build that cannot be installed is a loud failure, not a skip. */
function claudeMatrix() {
	const want = process.env.TASKPING_CLAUDE_MATRIX ?? 'both';
	if (!['both', 'pinned', 'latest'].includes(want)) throw new Error(`TASKPING_CLAUDE_MATRIX=${want}: use both, pinned or latest`);
	const builds = [];
	const errors = [];
	for (const [label, get] of [['pinned', () => pinnedClaude(root)], ['latest', () => latestClaude()]]) {
		if (want !== 'both' && want !== label) continue;
		const t0 = Date.now();
		try {
			const build = get();
			console.log(`Claude Code ${label}: ${build.version} (${build.binary}, ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
			builds.push(build);
		} catch (error) {
			console.error(`✘ Claude Code ${label}: ${error.message}`);
			errors.push(label);
		}
	}
	if (builds.length === 2 && builds[0].version === builds[1].version) {
		console.log(`Claude Code latest on npm is ${builds[1].version}, the pinned version: the e2e suites run once, on ${builds[0].binary}`);
		builds.pop();
	}
	return { builds, errors };
}

const suites = findSuites(testDir).filter((f) => f.includes(filter));
let passed = 0;
let failed = 0;
const started = Date.now();
const needsClaude = suites.some((file) => REAL_CLAUDE.test(file));
const { builds, errors } = needsClaude ? claudeMatrix() : { builds: [], errors: [] };
failed += errors.length;
const runs = suites.flatMap((file) =>
	REAL_CLAUDE.test(file) ? builds.map((build) => ({ file, build })) : [{ file, build: null }],
);
for (const { file, build } of runs) {
	const tag = build ? ` [Claude Code ${build.version}, ${build.label}]` : '';
	console.log(`\n▶ ${relative(root, file)}${tag}`);
	const env = build ? { TASKPING_CLAUDE_BIN: build.binary, TASKPING_CLAUDE_VERSION: build.version } : {};
	const { code, out, timedOut } = await runSuite(file, env);
	const total = count(out, 'Total');
	const ok = count(out, 'Passed');
	passed += ok;
	// A suite that crashed or was killed before uvu printed its summary still counts as one failure.
	const bad = total - ok - count(out, 'Skipped');
	failed += code === 0 ? bad : Math.max(1, bad);
	if (code !== 0 && !timedOut && bad === 0) console.error(`✘ ${relative(root, file)}${tag} exited with status ${code}`);
}
console.log(`\n(${((Date.now() - started) / 1000).toFixed(1)} s)`);
if (builds.length) console.log(`e2e suites ran on Claude Code ${builds.map((b) => `${b.version} (${b.label})`).join(' and ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
