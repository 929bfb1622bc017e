import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { cliEntry } from '../fs/layout.js';

/**
 * What runs `taskping watch` in the background, as data: the command, the
 * environment it needs (PATH with node and tmux; where config and state
 * live), and where the platform expects the unit and the logs. Rendering is
 * pure, so the unit a user gets is the unit the tests read.
 */
export type Platform = 'linux' | 'darwin';

export interface ServiceSpec {
	platform: Platform;
	/** systemd unit name without .service, or the launchd label. */
	name: string;
	unitFile: string;
	/** launchd: the log file; systemd: the journal (null). */
	logFile: string | null;
	program: string[];
	env: Record<string, string>;
}

/** The variables that decide where TaskPing's config and state live, carried into the service. */
const CARRIED = ['TASKPING_HOME', 'XDG_CONFIG_HOME', 'XDG_STATE_HOME', 'CLAUDE_CONFIG_DIR', 'LANG', 'LC_ALL', 'TASKPING_LANGUAGE'];

/**
 * V8 flags for the watcher, measured with `npm run bench` (figure 4, 1,000
 * replies over 20 panes):
 * - `--max-semi-space-size=1`: a 1 MB young generation instead of 16 MB;
 * - `--expose-gc`: one full collection after a burst of mail (watch/idle-gc.ts);
 * - `--no-opt --no-maglev`: no optimising compilers. The watcher waits on the
 *   network almost all the time; the baseline tiers are fast enough (reply
 *   latency and throughput unchanged, bench 3 and 6), and optimised code plus
 *   the compilers themselves were ~10 MB of its memory. Less JIT also means
 *   less attack surface in the process that parses hostile mail.
 * The CLI's shebang passes the same flags when `taskping watch` is run by hand.
 */
export { WATCHER_NODE_FLAGS } from '../config/node-flags.js';
import { WATCHER_NODE_FLAGS } from '../config/node-flags.js';


export function serviceSpec(platform: Platform, env: NodeJS.ProcessEnv, options: { node?: string; cli?: string; tmuxDir?: string | null } = {}): ServiceSpec {
	const home = env.HOME ?? homedir();
	const node = options.node ?? process.execPath;
	// Several TASKPING_HOMEs may each have a service: name them apart.
	const suffix = env.TASKPING_HOME ? `-${createHash('sha256').update(env.TASKPING_HOME).digest('hex').slice(0, 8)}` : '';
	const path = [...new Set([dirname(node), ...(options.tmuxDir ? [options.tmuxDir] : []), ...(platform === 'darwin' ? ['/opt/homebrew/bin'] : []), '/usr/local/bin', '/usr/bin', '/bin'])].join(':');
	const carried = Object.fromEntries(CARRIED.filter((key) => env[key]).map((key) => [key, env[key]!]));
	const serviceEnv = { PATH: path, HOME: home, ...carried };
	const program = [node, ...WATCHER_NODE_FLAGS, options.cli ?? cliEntry(), 'watch'];
	if (platform === 'linux') {
		const name = `taskping${suffix}`;
		return { platform, name, unitFile: join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'systemd', 'user', `${name}.service`), logFile: null, program, env: serviceEnv };
	}
	const name = `dev.taskping.watch${suffix}`;
	return { platform, name, unitFile: join(home, 'Library', 'LaunchAgents', `${name}.plist`), logFile: join(home, 'Library', 'Logs', 'TaskPing', `watch${suffix}.log`), program, env: serviceEnv };
}

/** systemd quoting: double quotes with \ and " escaped, and % doubled (specifiers). */
const systemdQuote = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%')}"`;

export function renderSystemdUnit(spec: ServiceSpec): string {
	return [
		'# Written by taskping service install; taskping service uninstall removes it.',
		'[Unit]',
		'Description=TaskPing watcher: types verified email replies into Claude Code (taskping watch)',
		'After=network-online.target',
		'Wants=network-online.target',
		// A broken config should not restart forever: at most 10 starts in 5 minutes.
		'StartLimitIntervalSec=300',
		'StartLimitBurst=10',
		'',
		'[Service]',
		'Type=simple',
		`ExecStart=${spec.program.map(systemdQuote).join(' ')}`,
		...Object.entries(spec.env).map(([key, value]) => `Environment=${systemdQuote(`${key}=${value}`)}`),
		'Restart=on-failure',
		'RestartSec=5',
		// SIGTERM lets the watcher finish the reply in hand and release its locks.
		'KillSignal=SIGTERM',
		'TimeoutStopSec=40',
		'StandardOutput=journal',
		'StandardError=journal',
		'',
		'[Install]',
		'WantedBy=default.target',
		'',
	].join('\n');
}

const xml = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function renderLaunchdPlist(spec: ServiceSpec): string {
	const strings = (values: string[]) => values.map((value) => `\t\t<string>${xml(value)}</string>`).join('\n');
	return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<!-- Written by taskping service install; taskping service uninstall removes it. -->
<plist version="1.0">
<dict>
	<key>Label</key>
	<string>${xml(spec.name)}</string>
	<key>ProgramArguments</key>
	<array>
${strings(spec.program)}
	</array>
	<key>EnvironmentVariables</key>
	<dict>
${Object.entries(spec.env).map(([key, value]) => `\t\t<key>${xml(key)}</key>\n\t\t<string>${xml(value)}</string>`).join('\n')}
	</dict>
	<key>RunAtLoad</key>
	<true/>
	<!-- Restart when it fails (not after a clean stop), at most every 10 s. -->
	<key>KeepAlive</key>
	<dict>
		<key>SuccessfulExit</key>
		<false/>
	</dict>
	<key>ThrottleInterval</key>
	<integer>10</integer>
	<key>ProcessType</key>
	<string>Background</string>
	<key>StandardOutPath</key>
	<string>${xml(spec.logFile ?? '/dev/null')}</string>
	<key>StandardErrorPath</key>
	<string>${xml(spec.logFile ?? '/dev/null')}</string>
</dict>
</plist>
`;
}

export const renderUnit = (spec: ServiceSpec): string => (spec.platform === 'linux' ? renderSystemdUnit(spec) : renderLaunchdPlist(spec));
