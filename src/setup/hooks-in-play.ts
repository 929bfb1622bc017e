import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'jsonc-parser';
import { defaultSettingsFile } from '../../install/install.js';
import { HOOK_MARKER, isOurs } from '../../install/settings.js';

/**
 * Where Claude Code would find TaskPing's hooks for a session started here:
 * the user settings, the project's shared and local settings, and the
 * plugin when it is enabled. Each registration of an event mails once, so
 * more than one per event means duplicate mail.
 */
import { MAILED_EVENTS } from '../claude/hook-events.js';

export interface HookRegistration {
	source: string;
	event: string;
	command: string;
	/** The hook script the command runs, when it names one by absolute path. */
	script: string | null;
}

export interface HooksInPlay {
	files: Array<{ file: string; exists: boolean; error: string | null }>;
	pluginEnabled: string | null;
	registrations: HookRegistration[];
}

export function settingsFilesInPlay(env: NodeJS.ProcessEnv, cwd: string): string[] {
	return [defaultSettingsFile(env), join(cwd, '.claude', 'settings.json'), join(cwd, '.claude', 'settings.local.json')];
}

const scriptOf = (command: string): string | null => {
	const match = /"([^"]*taskping-hook\.js)"|(\S*taskping-hook\.js)/.exec(command);
	const path = (match?.[1] ?? match?.[2] ?? '').replace(/\\(["\\$`])/g, '$1');
	return path.startsWith('/') ? path : null;
};

/** Where Claude Code installed the plugin (its plugins/installed_plugins.json), or null. */
function pluginInstallPath(env: NodeJS.ProcessEnv, plugin: string): string | null {
	try {
		const file = join(dirname(defaultSettingsFile(env)), 'plugins', 'installed_plugins.json');
		const installs = (JSON.parse(readFileSync(file, 'utf8')) as { plugins?: Record<string, Array<{ installPath?: unknown }>> }).plugins?.[plugin];
		const path = Array.isArray(installs) ? installs.find((install) => typeof install?.installPath === 'string')?.installPath : null;
		return typeof path === 'string' ? path : null;
	} catch {
		return null;
	}
}

export function findHooksInPlay(env: NodeJS.ProcessEnv, cwd: string): HooksInPlay {
	const result: HooksInPlay = { files: [], pluginEnabled: null, registrations: [] };
	for (const file of settingsFilesInPlay(env, cwd)) {
		if (!existsSync(file)) {
			result.files.push({ file, exists: false, error: null });
			continue;
		}
		let settings: { enabledPlugins?: unknown; hooks?: unknown };
		try {
			settings = parse(readFileSync(file, 'utf8'), [], { allowTrailingComma: true }) ?? {};
		} catch (error) {
			result.files.push({ file, exists: true, error: (error as Error).message });
			continue;
		}
		result.files.push({ file, exists: true, error: null });
		const plugins = (settings.enabledPlugins && typeof settings.enabledPlugins === 'object' ? settings.enabledPlugins : {}) as Record<string, unknown>;
		const plugin = Object.keys(plugins).find((key) => key.split('@')[0] === 'taskping' && plugins[key] === true);
		if (plugin) result.pluginEnabled = plugin;
		for (const [event, groups] of Object.entries((settings.hooks ?? {}) as Record<string, unknown>)) {
			if (!Array.isArray(groups)) continue;
			for (const group of groups) {
				for (const hook of Array.isArray(group?.hooks) ? group.hooks : []) {
					if (isOurs(hook)) {
						// Exec form names the script as an argument, already unquoted.
						const args: string[] = Array.isArray(hook.args) ? hook.args.map(String) : [];
						const command = [String(hook.command), ...args].join(' ');
						const script = args.find((arg) => arg.includes(HOOK_MARKER)) ?? null;
						result.registrations.push({ source: file, event, command, script: script ? (script.startsWith('/') ? script : null) : scriptOf(String(hook.command)) });
					}
				}
			}
		}
	}
	if (result.pluginEnabled) {
		const root = pluginInstallPath(env, result.pluginEnabled);
		const script = root && join(root, 'taskping-hook.js');
		for (const event of MAILED_EVENTS) result.registrations.push({ source: `plugin ${result.pluginEnabled}`, event, command: 'node ${CLAUDE_PLUGIN_ROOT}/taskping-hook.js', script });
	}
	return result;
}
