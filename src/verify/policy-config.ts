/**
 * The command policy as the user configured it: the built-in refusals of `!`
 * and `/`, the slash commands they allow, the built-in deny patterns plus
 * their own (read and checked in config/policy-settings.ts).
 */
import { readDenyPatterns, readSlashList, type PolicySettings } from '../config/policy-settings.js';
import { DEFAULT_POLICY, type CommandPolicy } from './policy.js';

/** Throws TaskPingError('config-invalid') naming the setting when a pattern is bad. */
export function buildCommandPolicy(settings: PolicySettings): CommandPolicy {
	return {
		...DEFAULT_POLICY,
		allowSlash: readSlashList(settings.allowSlash),
		denyPatterns: [...DEFAULT_POLICY.denyPatterns, ...readDenyPatterns(settings.denyPatterns)],
		maxLength: settings.maxReplyLength ?? DEFAULT_POLICY.maxLength,
	};
}
