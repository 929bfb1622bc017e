/**
 * What an authenticated reply may make Claude Code do. Claude Code's input box
 * runs a leading `!` as a shell command at once (no permission dialog, no
 * hook) and a leading `/` as a slash command (/clear, /exit …), so both are
 * refused unless the user opted in. The deny patterns are a last tripwire for
 * obviously destructive text, not a sandbox: Claude's own permission dialog
 * still guards what the model does with a prompt.
 */
import { TaskPingError } from '../errors.js';

export interface CommandPolicy {
	allowShell: boolean;
	/** Slash commands allowed as the first word, e.g. ['/compact']. */
	allowSlash: string[];
	/** JavaScript regular expression sources, matched case-insensitively, `^`/`$` per line. */
	denyPatterns: string[];
	/** In characters (code points), after trimming. */
	maxLength: number;
}

export type PolicyDecision = { ok: true; text: string } | { ok: false; reason: string; detail: string };

/** Ends of a shell word: the patterns below only fire on a command-like shape. */
const END = String.raw`(?=$|[\s;&|)\x60'"])`;

export const DEFAULT_POLICY: CommandPolicy = {
	allowShell: false,
	allowSlash: [],
	denyPatterns: [
		// rm aimed at /, ~, $HOME or their top-level glob: rm -rf /, rm -fr ~/, rm -r -f $HOME/*
		String.raw`\brm\s+(?:-\S+\s+)*['"]?(?:/|~|\$HOME|\$\{HOME\})/?\*?['"]?` + END,
		// A download piped into an interpreter: curl … | sh, wget -qO- … | sudo bash
		String.raw`\b(?:curl|wget|fetch)\b[^\n]*\|\s*(?:sudo\s+)?(?:(?:ba|z|da|k|c|tc|fi)?sh|python[0-9.]*|perl|ruby|node)\b`,
		String.raw`\b(?:(?:ba|z|da|k)?sh|source)\b[^\n]*(?:<\(|\$\()\s*(?:curl|wget|fetch)\b`,
		String.raw`\bmkfs(?:\.\w+)?\b`,
		String.raw`\bdd\b[^\n]*\bof=/dev/`,
		// Fork bomb in any function name: :(){ :|:& };:  or  bomb(){ bomb|bomb& }
		String.raw`([\w:]+)\s*\(\)\s*\{\s*\1\s*\|\s*\1\s*&\s*\}`,
		String.raw`\bchmod\s+(?:-\S+\s+)*(?:0?777|[augo]*\+rwx)\s+(?:-\S+\s+)*['"]?(?:/|~|\$HOME)/?\*?['"]?` + END,
		// Shutting down: with an argument anywhere (shutdown -h now, reboot now), bare only as a command of its own.
		String.raw`\b(?:shutdown|reboot|poweroff|halt)(?:\s+(?:-\w+|now|\+?\d+))+` + END,
		String.raw`(?:^|[;&|(\x60]\s*|\bsudo\s+)(?:shutdown|reboot|poweroff|halt)\s*(?:$|[;&|)\x60])`,
		String.raw`\bsystemctl\s+(?:poweroff|reboot|halt|kexec)\b|\binit\s+[06]` + END,
		// Secrets: SSH keys, cloud credentials, the environment of the process.
		String.raw`(?:~|\$HOME|\$\{HOME\}|/home/[^/\s]+|/root)/\.(?:ssh|aws|gnupg|netrc|docker/config\.json)\b`,
		String.raw`\bid_(?:rsa|dsa|ecdsa|ed25519)\b`,
		String.raw`\bprintenv\b|/proc/[^\s/]+/environ\b|(?:^|[;&|]\s*)(?:env|set|export\s+-p)\s*(?:$|[|>;&])`,
		String.raw`\$\{?\w*(?:API_?KEY|TOKEN|SECRET|PASSWORD|PASSWD)\w*\}?`,
	],
	maxLength: 4000,
};

// Fullwidth ！ and ／ from CJK input methods: Claude Code 2.1.197 reacts only
// to the ASCII forms, but refusing them too costs nothing and survives an upgrade.
const SHELL_PREFIXES = ['!', '\uFF01'];
const SLASH_PREFIXES = ['/', '\uFF0F'];
const LEADING_BLANKS = /^[\s\p{Z}\p{Cf}\u115F\u1160\u3164\uFFA0\u2800\u180E]+/u;

/** Apply the policy to sanitised reply text; the only change ever made to the text is trimming. */
export function checkCommandPolicy(text: string, policy: CommandPolicy): PolicyDecision {
	const trimmed = text.trim();
	if (trimmed === '') return { ok: false, reason: 'empty', detail: 'the reply has no text' };
	const length = [...trimmed].length;
	if (length > policy.maxLength) {
		return { ok: false, reason: 'too-long', detail: `${length} characters, the limit is ${policy.maxLength}` };
	}
	// Sanitising is the caller's job; if it was skipped, pasting would be unsafe whatever else holds.
	if (/[\x00-\x08\x0b-\x1f\x7f-\x9f]/.test(trimmed)) {
		return { ok: false, reason: 'unsanitised', detail: 'the text still contains control characters' };
	}
	// Decide on the first visible character. Claude Code 2.1.332 runs "/clear" after a space, a tab,
	// NBSP or U+3000, and opens the command menu after a zero-width space: skip every kind of blank
	// (Unicode spaces, format characters such as U+200B/U+FEFF/U+2060, blank-looking fillers).
	const lead = trimmed.replace(LEADING_BLANKS, '');
	const first = lead[0] ?? '';
	if (SHELL_PREFIXES.includes(first) && !(first === '!' && policy.allowShell)) {
		return { ok: false, reason: 'shell-mode', detail: 'a leading "!" would run the rest as a shell command' };
	}
	if (SLASH_PREFIXES.includes(first)) {
		const command = lead.split(/\s/, 1)[0] ?? '';
		const allowed = policy.allowSlash.map((name) => (name.startsWith('/') ? name : `/${name}`));
		if (!allowed.includes(command)) {
			return { ok: false, reason: 'slash-command', detail: `slash command "${command}" is not in the allow-list` };
		}
	}
	const denied = findDeniedPattern(trimmed, policy.denyPatterns);
	if (denied !== null) return { ok: false, reason: 'denied-pattern', detail: `matches deny pattern ${denied}` };
	return { ok: true, text: trimmed };
}

/**
 * The first deny pattern that matches the text or its NFKC form (which folds
 * fullwidth ｒｍ to rm: the model reads both alike). Throws on a pattern that
 * is not a valid regex, so a typo in the config cannot silently allow all.
 */
function findDeniedPattern(text: string, patterns: readonly string[]): string | null {
	const folded = text.normalize('NFKC');
	for (const source of patterns) {
		const pattern = compileDenyPattern(source);
		if (pattern.test(text) || pattern.test(folded)) return source;
	}
	return null;
}

// Compiled once per pattern, not per mail (no `g` flag: test() keeps no state between calls).
const COMPILED = new Map<string, RegExp>();

function compileDenyPattern(source: string): RegExp {
	let pattern = COMPILED.get(source);
	if (pattern) return pattern;
	try {
		pattern = new RegExp(source, 'im');
	} catch (error) {
		throw new TaskPingError('policy-bad-deny-pattern', `deny pattern ${JSON.stringify(source)} is not a valid regular expression: fix or remove it in the config`, { cause: error });
	}
	COMPILED.set(source, pattern);
	return pattern;
}
