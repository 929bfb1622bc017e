/**
 * The plugin the way a user gets it: a clean `git clone` of this repo (no node_modules, no
 * build), added as a marketplace and installed by the real Claude Code CLI into an isolated
 * CLAUDE_CONFIG_DIR. TaskPing is set up with the plugin's own CLI; the plugin's SessionStart
 * starts the watcher; a Stop mails the notification; the reply is typed into the pane.
 * Nothing ever runs npm in the plugin's folder.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startClaude, type ClaudeSession } from '../harness/claude.js';
import { startMailServer, submitRaw, waitForMail, type MailServer } from '../harness/mail-server.js';
import { startMessagesApi, type MessagesApi } from '../harness/messages-api.js';
import { startTmux, type TmuxServer } from '../harness/tmux.js';
import { readWatcher } from '../../src/state/liveness.js';
import { resolvePaths } from '../../src/fs/paths.js';
import { alice, gmailReply, mailSettings, mallory, service, waitFor } from './setup.js';

interface Context { mail: MailServer; api: MessagesApi; tmux: TmuxServer; claude: ClaudeSession; clone: string; home: string; pluginDir: string; watcherPid: number | null }
const plugin = suite<Context>('plugin from its marketplace');
const root = new URL('../../..', import.meta.url).pathname;

/** Every path under dir whose name is `name` (node_modules, package-lock.json …). */
const findNamed = (dir: string, name: string): string[] =>
	readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.name === name) return [path];
		return entry.isDirectory() ? findNamed(path, name) : [];
	});

plugin.before(async (context) => {
	const base = realpathSync(mkdtempSync(join(tmpdir(), 'taskping-plugin-')));
	context.clone = join(base, 'taskping clone'); // a space in the path: the exec-form hooks must not care
	execFileSync('git', ['clone', '--quiet', '--no-local', root, context.clone]);
	assert.not.ok(existsSync(join(context.clone, 'node_modules')), 'a clean clone has no node_modules');
	context.mail = await startMailServer({ accounts: [service, alice, mallory] });
	context.api = await startMessagesApi();
	context.tmux = await startTmux();
	context.home = join(base, 'taskping-home');
	// Set up with the plugin's own CLI (the committed bundle), as /taskping:setup's init would.
	const cli = join(context.clone, 'hooks', 'bin', 'taskping');
	const env = { PATH: process.env.PATH, HOME: base, TASKPING_HOME: context.home };
	for (const [key, value] of [...mailSettings(context.mail), ['TASKPING_IDLE_DELAY_MS', '200'], ['TASKPING_AUTHSERV_ID', context.mail.authservId]]) {
		execFileSync(cli, ['config', 'set', key!, value!], { env, stdio: 'pipe' });
	}
	context.claude = await startClaude({
		tmux: context.tmux,
		api: context.api,
		env: { TASKPING_HOME: context.home },
		prepare: ({ env: claudeEnv, binary, configDir }) => {
			const claude = (...args: string[]) => execFileSync(binary, ['plugin', ...args], { env: claudeEnv, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
			claude('marketplace', 'add', context.clone);
			claude('install', 'taskping@taskping');
			const installed = JSON.parse(readFileSync(join(configDir, 'plugins', 'installed_plugins.json'), 'utf8'));
			context.pluginDir = installed.plugins['taskping@taskping'][0].installPath;
		},
	});
});

plugin.after(async (context) => {
	// The watcher the plugin started is detached from everything: stop it by its pid.
	const pid = context.watcherPid;
	if (pid) try { process.kill(pid, 'SIGTERM'); } catch {}
	await context.claude?.stop();
	await context.tmux?.kill();
	await context.api?.close();
	await context.mail?.stop();
	if (context.clone) rmSync(join(context.clone, '..'), { recursive: true, force: true });
});

plugin('the marketplace installs only hooks/: no package.json, no lockfile, no node_modules', (context) => {
	const names = readdirSync(context.pluginDir).sort();
	assert.ok(names.includes('taskping-hook.js') && names.includes('bundle') && names.includes('hooks.json'), names.join());
	for (const name of ['node_modules', 'package-lock.json', 'src', 'test']) assert.equal(findNamed(context.pluginDir, name), [], `${name} in the plugin folder`);
});

plugin('SessionStart started the watcher from the plugin (one, detached)', async (context) => {
	const paths = resolvePaths({ TASKPING_HOME: context.home });
	const watcher = await waitFor('the plugin-started watcher', () => readWatcher(paths), 30_000);
	context.watcherPid = watcher.pid;
	const cmdline = readFileSync(`/proc/${watcher.pid}/cmdline`, 'utf8').split('\0');
	// ${CLAUDE_PLUGIN_ROOT}: the installed copy, or for a local-path marketplace (Claude Code 2.1.197) its source folder, hooks/ of the clone.
	const roots = [context.pluginDir, join(context.clone, 'hooks')];
	assert.ok(cmdline.some((arg) => roots.some((dir) => arg === join(dir, 'bundle', 'taskping.mjs'))), cmdline.join(' '));
	await waitFor('watcher ready', () => readFileSync(join(context.home, 'state', 'watcher-autostart.log'), 'utf8').includes('ready; waiting for replies'), 30_000);
});

plugin('a Stop mails the notification; the reply is typed into the pane', async (context) => {
	const { claude, api, mail } = context;
	await claude.type('hello from the plugin');
	const found = await waitForMail(mail, alice, (m) => /\[TaskPing #[0-9A-Z]{13}\]$/.test(m.subject) && m.subject.includes('ACK: hello from the plugin'), 30_000);
	const messageId = /^Message-ID:\s*(\S+)/im.exec(found.raw)![1]!;
	await claude.waitForStatus('idle');
	const reply = gmailReply({ from: alice, subject: found.subject, inReplyTo: messageId, text: 'typed by the plugin watcher', quoted: 'ACK: hello from the plugin', messageId: '<plugin-reply-1@users.test>' });
	await submitRaw(mail, alice, [service.address], reply);
	await api.waitFor((body) => JSON.stringify(body.messages).includes('typed by the plugin watcher'), 30_000);
	assert.is(api.userTexts().at(-1), 'typed by the plugin watcher');
	for (const dir of [context.pluginDir, context.clone]) assert.equal(findNamed(dir, 'node_modules'), [], `still no node_modules in ${dir}`);
});

plugin.run();
