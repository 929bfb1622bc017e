/**
 * Passwords from a command (SMTP_PASS_COMMAND, IMAP_PASS_COMMAND): a keychain
 * or `pass` prints the secret, so it never sits in config.json. The command
 * line is split into words here and run without a shell, so a password
 * manager's output or a stray `;` can never start anything else. The output is
 * never printed or logged; an error names the setting and the exit status only.
 */
import { spawnSync } from 'node:child_process';
import { TaskPingError } from '../errors.js';

const TIMEOUT_MS = 20_000;
const SHELL_ONLY = /[|&;<>()$`]/;

/** What to do about a broken password command: mend it (run it by hand to see), or drop it for a stored password. */
const fixCommand = (name: string): string =>
	`run the command by hand until it prints the password, then taskping config set ${name} '<command>'; or drop ${name} (from the environment, and from the file taskping config path names) and taskping config set ${name.replace(/_COMMAND$/, '')} <password>`;

/** Words of a command line: whitespace-separated, with '…', "…" and backslash escapes. */
export function splitCommand(line: string, name: string): string[] {
	const words: string[] = [];
	let word = '';
	let started = false;
	let quote: "'" | '"' | null = null;
	for (let i = 0; i < line.length; i++) {
		const char = line[i]!;
		if (quote) {
			if (char === quote) quote = null;
			else if (char === '\\' && quote === '"' && i + 1 < line.length) word += line[++i];
			else word += char;
		} else if (char === "'" || char === '"') {
			quote = char;
			started = true;
		} else if (char === '\\' && i + 1 < line.length) {
			word += line[++i];
			started = true;
		} else if (/\s/.test(char)) {
			if (started) words.push(word);
			word = '';
			started = false;
		} else {
			if (SHELL_ONLY.test(char)) {
				throw new TaskPingError('config-invalid', `${name} is run without a shell, so "${char}" cannot work there: put pipes and redirections in a small script and name the script instead.`, { fix: fixCommand(name) });
			}
			word += char;
			started = true;
		}
	}
	if (quote) throw new TaskPingError('config-invalid', `${name} has an unterminated ${quote} quote.`, { fix: fixCommand(name) });
	if (started) words.push(word);
	if (words.length === 0) throw new TaskPingError('config-invalid', `${name} is empty: give a command that prints the password, e.g. pass show mail/taskping`, { fix: fixCommand(name) });
	return words;
}

/** Runs the command and returns its output, trimmed (one trailing newline is usual). */
export function readSecretFromCommand(line: string, name: string): string {
	const [file, ...args] = splitCommand(line, name);
	// node's own spawnSync, not execa: this runs in the watcher at every start, where execa's
	// module graph would cost ~4 MB of heap for one call.
	const result = spawnSync(file!, args, { timeout: TIMEOUT_MS, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 1024 * 1024 });
	if (result.error || result.status !== 0) {
		const code = (result.error as NodeJS.ErrnoException | undefined)?.code;
		const why = code === 'ETIMEDOUT' ? `did not finish within ${TIMEOUT_MS / 1000} s` : code === 'ENOENT' ? `"${file}" was not found` : `failed (exit status ${result.status ?? result.signal ?? code ?? 'unknown'})`;
		const stderr = (result.stderr ?? '').trim().split('\n')[0]?.slice(0, 200) ?? '';
		// Only the first line of stderr, never stdout: the output may hold the secret.
		throw new TaskPingError('config-secret-command', `${name} ${why}${stderr ? `: ${stderr}` : ''}.`, { fix: fixCommand(name) });
	}
	const stdout = result.stdout ?? '';
	const secret = stdout.trim();
	if (secret === '') throw new TaskPingError('config-secret-command', `${name} printed nothing: it must print the password on its standard output.`, { fix: fixCommand(name) });
	return secret;
}

/**
 * The environment with SMTP_PASS / IMAP_PASS filled from their commands, when
 * a command is set (environment or config file). The command wins over a
 * stored password: setting one means "take it from there".
 */
export function withCommandSecrets(env: NodeJS.ProcessEnv, commands: { smtp?: string | undefined; imap?: string | undefined }): NodeJS.ProcessEnv {
	const out = { ...env };
	if (commands.smtp) out.SMTP_PASS = readSecretFromCommand(commands.smtp, 'SMTP_PASS_COMMAND');
	if (commands.imap) out.IMAP_PASS = readSecretFromCommand(commands.imap, 'IMAP_PASS_COMMAND');
	return out;
}
