import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { replaceFile } from '../fs/atomic.js';
import { dirname } from 'node:path';
import { TaskPingError } from '../errors.js';
import { renderUnit, type ServiceSpec } from './units.js';

/**
 * Installs, removes and asks about the background service through the
 * platform's own tool (systemctl --user, launchctl). The tool runner is
 * passed in; by default it is the real command on PATH.
 */
export type RunTool = (command: string, args: string[]) => { code: number; stdout: string; stderr: string };

export const runTool: RunTool = (command, args) => {
	const result = spawnSync(command, args, { encoding: 'utf8', timeout: 20_000 });
	if (result.error) return { code: 127, stdout: '', stderr: (result.error as NodeJS.ErrnoException).code === 'ENOENT' ? `${command}: not found` : result.error.message };
	return { code: result.status ?? 1, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
};

export interface ServiceStatus {
	installed: boolean;
	unitFile: string;
	/** systemd: active/inactive/failed…; launchd: running/not running. */
	state: string;
	enabled: boolean;
	pid: number | null;
	logs: string;
}

const uid = () => process.getuid?.() ?? 0;

function must(run: RunTool, command: string, args: string[], spec: ServiceSpec): string {
	const result = run(command, args);
	if (result.code === 0) return result.stdout;
	const detail = (result.stderr || result.stdout).trim().split('\n')[0] ?? `exit ${result.code}`;
	const hint = spec.platform === 'linux'
		? /bus|XDG_RUNTIME_DIR|not found/i.test(detail)
			? 'no systemd user session here: log in normally (or run loginctl enable-linger $USER), or run taskping watch inside tmux instead'
			: 'see journalctl --user -u ' + spec.name
		: 'see the unit with launchctl print gui/' + uid() + '/' + spec.name;
	throw new TaskPingError('service-failed', `${command} ${args.join(' ')} failed (${detail}): ${hint}.`);
}

export const logsHint = (spec: ServiceSpec): string => (spec.platform === 'linux' ? `journalctl --user -u ${spec.name} -f` : `tail -f ${spec.logFile}`);

/** Writes the unit (atomically) and starts it now and at every login. Running it again replaces the unit and restarts. */
export function installService(spec: ServiceSpec, run: RunTool = runTool): { unitFile: string; replaced: boolean } {
	const text = renderUnit(spec);
	const replaced = existsSync(spec.unitFile);
	mkdirSync(dirname(spec.unitFile), { recursive: true });
	if (spec.logFile) mkdirSync(dirname(spec.logFile), { recursive: true });
	replaceFile(spec.unitFile, text, 0o644);
	try {
		if (spec.platform === 'linux') {
			must(run, 'systemctl', ['--user', 'daemon-reload'], spec);
			must(run, 'systemctl', ['--user', 'enable', `${spec.name}.service`], spec);
			must(run, 'systemctl', ['--user', replaced ? 'restart' : 'start', `${spec.name}.service`], spec);
		} else {
			// bootout first: bootstrap refuses a label that is already loaded.
			if (replaced) run('launchctl', ['bootout', `gui/${uid()}/${spec.name}`]);
			must(run, 'launchctl', ['bootstrap', `gui/${uid()}`, spec.unitFile], spec);
		}
	} catch (error) {
		// A unit the service manager never took is not left behind to confuse the next status.
		if (!replaced) rmSync(spec.unitFile, { force: true });
		throw error;
	}
	return { unitFile: spec.unitFile, replaced };
}

/** Stops it, stops it starting at login, removes the unit. Nothing installed: nothing to do. */
export function uninstallService(spec: ServiceSpec, run: RunTool = runTool): { removed: boolean } {
	if (!existsSync(spec.unitFile)) return { removed: false };
	if (spec.platform === 'linux') {
		run('systemctl', ['--user', 'disable', '--now', `${spec.name}.service`]);
		rmSync(spec.unitFile, { force: true });
		run('systemctl', ['--user', 'daemon-reload']);
	} else {
		run('launchctl', ['bootout', `gui/${uid()}/${spec.name}`]);
		rmSync(spec.unitFile, { force: true });
	}
	return { removed: true };
}

export function serviceStatus(spec: ServiceSpec, run: RunTool = runTool): ServiceStatus {
	const installed = existsSync(spec.unitFile);
	const base = { installed, unitFile: spec.unitFile, logs: logsHint(spec) };
	if (!installed) return { ...base, state: 'not installed', enabled: false, pid: null };
	if (spec.platform === 'linux') {
		const show = run('systemctl', ['--user', 'show', `${spec.name}.service`, '--property=ActiveState,UnitFileState,MainPID']);
		const field = (name: string) => new RegExp(`^${name}=(.*)$`, 'm').exec(show.stdout)?.[1]?.trim() ?? '';
		const pid = Number(field('MainPID'));
		return { ...base, state: show.code === 0 ? field('ActiveState') || 'unknown' : `unknown (${show.stderr.trim().split('\n')[0]})`, enabled: field('UnitFileState') === 'enabled', pid: pid > 0 ? pid : null };
	}
	const print = run('launchctl', ['print', `gui/${uid()}/${spec.name}`]);
	const pid = Number(/^\s*pid = (\d+)/m.exec(print.stdout)?.[1] ?? 0);
	const state = print.code !== 0 ? 'not loaded' : (/^\s*state = (.+)$/m.exec(print.stdout)?.[1]?.trim() ?? 'loaded');
	return { ...base, state, enabled: print.code === 0, pid: pid > 0 ? pid : null };
}

/** Whether the file on disk is what install would write now (after an upgrade moved node or TaskPing, it is not). */
export const isCurrent = (spec: ServiceSpec): boolean => {
	try {
		return readFileSync(spec.unitFile, 'utf8') === renderUnit(spec);
	} catch {
		return false;
	}
};
