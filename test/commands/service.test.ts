/**
 * `taskping service` as a user runs it. The units are generated for real;
 * systemctl and launchctl are stand-ins on PATH that record what they were
 * asked (this machine has no user session manager to talk to). Where
 * systemd-analyze exists, it checks the unit we write.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CLI } from '../e2e/setup.js';

function sandbox() {
	const home = mkdtempSync(join(tmpdir(), 'taskping-service-'));
	const bin = join(home, 'bin');
	mkdirSync(bin);
	const calls = join(home, 'calls.log');
	// Stand-ins: record the arguments; `show` / `print` describe a running unit; FAIL_WITH makes every call fail.
	const tool = (name: string, answer: string) => `#!/bin/sh
echo "${name} $*" >> ${JSON.stringify(calls)}
if [ -n "$FAIL_WITH" ]; then echo "$FAIL_WITH" >&2; exit 1; fi
case "$*" in *show*|*print*) printf '%s\\n' "${answer}";; esac
exit 0
`;
	writeFileSync(join(bin, 'systemctl'), tool('systemctl', 'ActiveState=active\nUnitFileState=enabled\nMainPID=4242'), { mode: 0o755 });
	writeFileSync(join(bin, 'launchctl'), tool('launchctl', '\tstate = running\n\tpid = 4343'), { mode: 0o755 });
	const env: NodeJS.ProcessEnv = { PATH: `${bin}:${process.env.PATH}`, HOME: home, TASKPING_HOME: join(home, 'tp'), LANG: 'C.UTF-8' };
	const run = (args: string[], extra: NodeJS.ProcessEnv = {}) => {
		const result = spawnSync(process.execPath, [CLI, 'service', ...args], { env: { ...env, ...extra }, encoding: 'utf8', timeout: 20_000 });
		return { code: result.status, stdout: result.stdout, stderr: result.stderr };
	};
	const recorded = () => (existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n') : []);
	return { home, env, run, recorded, done: () => rmSync(home, { recursive: true, force: true }) };
}

test('the systemd unit: the watcher by absolute paths, restart on failure, the environment it needs, logs to the journal', () => {
	const s = sandbox();
	const { code, stdout } = s.run(['install', '--print', '--platform', 'linux']);
	assert.is(code, 0);
	assert.match(stdout, new RegExp(`^ExecStart="${process.execPath}" "--max-semi-space-size=1" "--expose-gc" "--no-opt" "--no-maglev" ".*/dist/src/cli\\.js" "watch"$`, 'm'));
	assert.match(stdout, /^Restart=on-failure$/m);
	assert.match(stdout, /^RestartSec=5$/m);
	assert.match(stdout, /^StartLimitBurst=10$/m);
	assert.match(stdout, new RegExp(`^Environment="TASKPING_HOME=${s.env.TASKPING_HOME}"$`, 'm'));
	assert.match(stdout, /^Environment="PATH=[^"]*\/usr\/bin[^"]*"$/m, 'tmux and node on PATH');
	assert.match(stdout, /^StandardOutput=journal$/m);
	assert.match(stdout, /^WantedBy=default\.target$/m);
	assert.not.ok(existsSync(join(s.home, '.config', 'systemd')), '--print writes nothing');
	const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
	if (analyze.status === 0) {
		const file = join(s.home, 'taskping-check.service');
		writeFileSync(file, stdout);
		const verify = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' });
		assert.is(verify.stderr.trim(), '', `systemd-analyze: ${verify.stderr}`);
	}
	s.done();
});

test('the launchd agent: KeepAlive unless it exited cleanly, logs in ~/Library/Logs, a label per TASKPING_HOME', () => {
	const s = sandbox();
	const { code, stdout } = s.run(['install', '--print', '--platform', 'darwin']);
	assert.is(code, 0);
	assert.match(stdout, /<key>Label<\/key>\s*<string>dev\.taskping\.watch-[0-9a-f]{8}<\/string>/);
	assert.match(stdout, /<key>KeepAlive<\/key>\s*<dict>\s*<key>SuccessfulExit<\/key>\s*<false\/>/);
	assert.match(stdout, /<key>RunAtLoad<\/key>\s*<true\/>/);
	assert.match(stdout, new RegExp(`<string>${s.home}/Library/Logs/TaskPing/watch-[0-9a-f]{8}\\.log</string>`));
	assert.match(stdout, /<string>watch<\/string>\s*<\/array>/);
	const { TASKPING_HOME: _home, ...plain } = s.env;
	const defaultLabel = spawnSync(process.execPath, [CLI, 'service', 'install', '--print', '--platform', 'darwin'], { env: plain, encoding: 'utf8' }).stdout;
	assert.match(defaultLabel, /<string>dev\.taskping\.watch<\/string>/);
	s.done();
});

test('systemd: install writes the unit and enables + starts it; status reads it back; again restarts; uninstall removes it', () => {
	const s = sandbox();
	const installed = s.run(['install', '--platform', 'linux']);
	assert.is(installed.code, 0, installed.stderr);
	assert.match(installed.stdout, /installed and started taskping-[0-9a-f]{8}/);
	assert.match(installed.stdout, /journalctl --user -u taskping-[0-9a-f]{8} -f/);
	const unit = join(s.home, '.config', 'systemd', 'user', installed.stdout.match(/(taskping-[0-9a-f]{8})/)![1] + '.service');
	assert.ok(existsSync(unit));
	assert.equal(s.recorded().map((line) => line.replace(/taskping-[0-9a-f]{8}/, 'UNIT')), ['systemctl --user daemon-reload', 'systemctl --user enable UNIT.service', 'systemctl --user start UNIT.service']);
	const status = JSON.parse(s.run(['status', '--json', '--platform', 'linux']).stdout);
	assert.equal({ installed: status.installed, state: status.state, enabled: status.enabled, pid: status.pid, current: status.current }, { installed: true, state: 'active', enabled: true, pid: 4242, current: true });
	assert.match(s.run(['install', '--platform', 'linux']).stdout, /updated and restarted/);
	assert.ok(s.recorded().some((line) => /restart taskping-/.test(line)));
	const removed = s.run(['uninstall', '--platform', 'linux']);
	assert.match(removed.stdout, /stopped and removed/);
	assert.ok(s.recorded().some((line) => /disable --now taskping-/.test(line)));
	assert.not.ok(existsSync(unit));
	assert.match(s.run(['status', '--platform', 'linux']).stdout, /not installed/);
	assert.match(s.run(['uninstall', '--platform', 'linux']).stdout, /nothing to do/);
	s.done();
});

test('launchd: install bootstraps the agent in the GUI domain; uninstall boots it out', () => {
	const s = sandbox();
	const installed = s.run(['install', '--platform', 'darwin']);
	assert.is(installed.code, 0, installed.stderr);
	const plist = installed.stdout.match(/\((\/.*\.plist)\)/)![1]!;
	assert.ok(plist.startsWith(join(s.home, 'Library', 'LaunchAgents')));
	assert.match(s.recorded()[0]!, new RegExp(`^launchctl bootstrap gui/\\d+ ${plist}$`));
	const status = JSON.parse(s.run(['status', '--json', '--platform', 'darwin']).stdout);
	assert.equal({ state: status.state, pid: status.pid }, { state: 'running', pid: 4343 });
	s.run(['uninstall', '--platform', 'darwin']);
	assert.match(s.recorded().at(-1)!, /^launchctl bootout gui\/\d+\/dev\.taskping\.watch-/);
	assert.not.ok(existsSync(plist));
	s.done();
});

test('no systemd user session: a one-line error that says what to do instead; exit 1', () => {
	const s = sandbox();
	const failed = s.run(['install', '--platform', 'linux'], { FAIL_WITH: 'Failed to connect to bus: No medium found' });
	assert.is(failed.code, 1);
	assert.is(failed.stderr.trim().split('\n').length, 1);
	assert.match(failed.stderr, /^taskping: systemctl --user daemon-reload failed \(Failed to connect to bus: No medium found\): .*enable-linger.*taskping watch inside tmux/);
	assert.match(s.run(['status', '--platform', 'linux']).stdout, /not installed/, 'no unit left behind');
	s.done();
});

test.run();
