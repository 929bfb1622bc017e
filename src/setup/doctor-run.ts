import { loadConfig } from '../config/load.js';
import type { Config } from '../config/validate.js';
import { isTaskPingError } from '../errors.js';
import { resolveLanguage } from '../mail/i18n.js';
import { resolvePaths } from '../fs/paths.js';
import { checkClock, checkDisk, checkHooks, checkLogins, checkNode, checkTmux, checkWatcher, type Finding } from './doctor-checks.js';
import { checkClaudeCode } from './claude-code-check.js';
import { findHooksInPlay, settingsFilesInPlay } from './hooks-in-play.js';
import type { Style } from './style.js';

/** Every check, in the order a person would fix things: this machine, Claude's settings, the config, the mailbox, the watcher. */
export async function runDoctor(env: NodeJS.ProcessEnv, cwd: string, options: { offline: boolean; progress: (label: string, work: () => Promise<unknown>) => Promise<unknown> }): Promise<Finding[]> {
	const paths = resolvePaths(env);
	const findings: Finding[] = [checkNode(), ...checkTmux(env), ...checkClaudeCode(env, settingsFilesInPlay(env, cwd)), ...checkHooks(findHooksInPlay(env, cwd))];
	let config: Config | null = null;
	try {
		const loaded = loadConfig(env, paths);
		const language = resolveLanguage(loaded.language, env);
		config = loaded;
		findings.push({ check: 'config', severity: 'ok', detail: `${paths.configFile} (+ environment); mail in ${language === 'zh' ? 'Chinese' : 'English'}` });
	} catch (error) {
		// Our own errors carry their fix (a broken SMTP_PASS_COMMAND names the command, not init); anything else is a surprise init may mend.
		findings.push(isTaskPingError(error) ? { check: 'config', severity: 'fail', detail: error.problem, ...(error.fix ? { fix: error.fix } : {}) } : { check: 'config', severity: 'fail', detail: (error as Error).message, fix: 'taskping init' });
	}
	let imap = null;
	if (!config) findings.push({ check: 'mailbox', severity: 'skip', detail: 'needs a valid config first' });
	else if (options.offline) findings.push({ check: 'mailbox', severity: 'skip', detail: '--offline' });
	else {
		const { checkImap, checkSmtp, describeLogin } = await import('./check-login.js');
		const [smtp, imapResult] = (await options.progress(`logging in to ${config.smtp.host} (SMTP) and ${config.imap.host} (IMAP)`, () => Promise.all([checkSmtp(config!), checkImap(config!)]))) as [Awaited<ReturnType<typeof checkSmtp>>, Awaited<ReturnType<typeof checkImap>>];
		imap = imapResult;
		findings.push(...checkLogins(config, smtp, imap, describeLogin));
	}
	findings.push(checkClock(new Date(), imap), checkDisk(paths), checkWatcher(paths));
	return findings;
}

export function formatFindings(findings: Finding[], style: Style): string {
	const mark = { ok: style.ok('✓'), warn: style.warn('!'), fail: style.fail('✗'), skip: style.dim('-') };
	const lines = findings.map((f) => `${mark[f.severity]} ${f.check.padEnd(24)} ${f.detail}${f.fix ? `\n  ${' '.repeat(24)} ${style.bold('fix:')} ${f.fix}` : ''}`);
	const failed = findings.filter((f) => f.severity === 'fail').length;
	const warned = findings.filter((f) => f.severity === 'warn').length;
	lines.push('', failed ? style.fail(`${failed} problem(s) to fix${warned ? `, ${warned} warning(s)` : ''}.`) : warned ? style.warn(`No problems; ${warned} warning(s).`) : style.ok('All good.'));
	return lines.join('\n');
}

