import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TaskPingError } from '../errors.js';
import { serviceSpec, type Platform, type ServiceSpec } from './units.js';

/** The directory tmux is found in on this PATH, so the service's PATH finds it too. */
export function findTmuxDir(env: NodeJS.ProcessEnv): string | null {
	return (env.PATH ?? '').split(':').find((dir) => dir && existsSync(join(dir, 'tmux'))) ?? null;
}

export function platformOf(name: string = process.platform): Platform {
	if (name === 'linux' || name === 'darwin') return name;
	throw new TaskPingError('service-unsupported', `taskping service supports Linux (systemd) and macOS (launchd), not ${name}: run taskping watch inside tmux instead.`);
}

/** The unit for this machine: `service install` and `init` both install it. */
export function specFor(env: NodeJS.ProcessEnv, platform?: string): ServiceSpec {
	return serviceSpec(platformOf(platform), env, { tmuxDir: findTmuxDir(env) });
}
