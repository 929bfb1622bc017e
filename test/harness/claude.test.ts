/**
 * Proves the e2e harness on the real Claude Code CLI: a private tmux server, the
 * Messages API stand-in, and claude with Stop and PermissionRequest hooks that
 * log their payload plus $TMUX and $TMUX_PANE.
 */
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { processesUnder, startClaude, type ClaudeSession } from './claude.js';
import {
	isMainRequest, isSubagentRequest, lastUserText, rawToolResults, startMessagesApi, toolResults, toolResultText, type MessagesApi,
} from './messages-api.js';
import { startTmux, type TmuxServer } from './tmux.js';
import { guardSetup } from './setup-guard.js';
import { parseDialogOptions } from '../../src/claude/screen.js';

type HookRecord = { payload: any; TMUX: string | null; TMUX_PANE: string | null };

const baseDir = mkdtempSync(join(tmpdir(), 'taskping-harness-test-'));
const hookLog = join(baseDir, 'hooks.jsonl');
// Appends {payload, TMUX, TMUX_PANE} as one JSON line; prints nothing, exits 0.
const hookScript =
	'let d="";process.stdin.on("data",c=>d+=c).on("end",()=>require("fs").appendFileSync(process.argv[1],' +
	'JSON.stringify({payload:JSON.parse(d),TMUX:process.env.TMUX??null,TMUX_PANE:process.env.TMUX_PANE??null})+"\\n"))';
const hookCommand = `node -e '${hookScript}' '${hookLog}'`;
const settings = {
	hooks: {
		Stop: [{ hooks: [{ type: 'command', command: hookCommand, timeout: 30 }] }],
		PermissionRequest: [{ matcher: '', hooks: [{ type: 'command', command: hookCommand, timeout: 30 }] }],
	},
};

let tmux: TmuxServer;
let api: MessagesApi;
let session: ClaudeSession;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The digit of the option labelled exactly `label` in the open dialog: digits differ between versions (2.1.332 added "Yes, and switch to auto mode" as 3). */
async function optionKey(label: string): Promise<string> {
	const screen = await tmux.waitForScreen(session.pane, (s) => parseDialogOptions(s).some((o) => o.label === label), 5000);
	// 2.1.332 refuses a digit pressed within ~0.4 s of the dialog appearing (and moves focus to "No").
	await sleep(600);
	const options = parseDialogOptions(screen);
	const option = options.find((o) => o.label === label);
	if (!option) throw new Error(`no option "${label}" in ${JSON.stringify(options)}`);
	return String(option.number);
}

function hooks(event?: string): HookRecord[] {
	if (!existsSync(hookLog)) return [];
	return readFileSync(hookLog, 'utf8')
		.split('\n')
		.filter(Boolean)
		.map((line) => JSON.parse(line) as HookRecord)
		.filter((record) => !event || record.payload.hook_event_name === event);
}

async function waitForHook(event: string, count: number, timeoutMs = 10_000): Promise<HookRecord> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const found = hooks(event);
		if (found.length >= count) return found[count - 1]!;
		if (Date.now() >= deadline) throw new Error(`no ${event} hook #${count} within ${timeoutMs} ms; log:\n${hooks().map((h) => JSON.stringify(h.payload)).join('\n')}`);
		await sleep(50);
	}
}

const mainBodies = () => api.requests.filter((r) => isMainRequest(r.body)).map((r) => r.body);

test.before(guardSetup('claude', async () => {
	tmux = await startTmux();
	api = await startMessagesApi();
	api.respondWith((body) => {
		if (isSubagentRequest(body)) return { text: `SUBAGENT DONE: ${lastUserText(body)}` };
		const results = toolResults(body);
		if (results.length > 0) return { text: `TOOL RESULT SEEN: ${results.map(toolResultText).join(' | ')}` };
		const text = lastUserText(body);
		if (text.startsWith('please touch ')) {
			const file = text.slice('please touch '.length);
			return { toolUse: { name: 'Bash', input: { command: `touch ${file}`, description: `Create ${file}` }, text: 'Creating the file.' } };
		}
		if (text === 'ask me a colour') {
			return {
				toolUse: {
					name: 'AskUserQuestion',
					input: {
						questions: [{
							question: 'Which colour should the mock use?',
							header: 'Colour',
							options: [{ label: 'Red', description: 'The red one' }, { label: 'Blue', description: 'The blue one' }],
							multiSelect: false,
						}],
					},
				},
			};
		}
		if (text === 'spawn a helper') {
			return { toolUse: { name: 'Agent', input: { description: 'say hello', prompt: 'SUBAGENT_TASK: say hello', subagent_type: 'general-purpose' } } };
		}
		return { text: `ACK: ${text}` };
	});
	session = await startClaude({ tmux, api, settings, baseDir, idleNotifyMs: 600_000 });
	console.log(`  claude start-up (tmux new-session -> prompt usable): ${session.startupMs} ms`);
}));

test.after(async () => {
	await session?.stop();
	await api?.close();
	await tmux?.kill();
	rmSync(baseDir, { recursive: true, force: true });
});

test('starts with a usable prompt in an isolated, trusted project', async () => {
	const status = await session.status();
	assert.is(status?.status, 'idle');
	assert.match(status?.sessionId ?? '', /^[0-9a-f-]{36}$/);
	assert.is(status?.pid, session.pid);
	assert.match(session.pane, /^%\d+$/);
	const screen = await session.screen();
	assert.ok(screen.includes('? for shortcuts'), screen);
	assert.not.match(screen, /trust this folder|Detected a custom API key|Unable to connect/);
	assert.ok(session.projectDir.startsWith(`${realpathSync(baseDir)}/`), session.projectDir);
	assert.is(session.projectDir, realpathSync(session.projectDir));
	assert.ok(existsSync(join(session.configDir, '.claude.json')));
	assert.ok(existsSync(tmux.socketPath), `socket ${tmux.socketPath}`);
	// The connectivity probe and nothing else so far (no prompt typed yet).
	assert.is(mainBodies().length, 0);
});

test('a typed prompt reaches the API, the reply is shown, the Stop hook sees it from the pane', async () => {
	await session.type('hello there');
	const body = await api.waitFor((b) => isMainRequest(b) && lastUserText(b) === 'hello there', 10_000);
	assert.is(body.stream, true);
	assert.equal(api.userTexts(), ['hello there']);
	await tmux.waitForScreen(session.pane, (screen) => screen.includes('ACK: hello there'), 10_000);
	const stop = await waitForHook('Stop', 1);
	assert.is(stop.payload.last_assistant_message, 'ACK: hello there');
	assert.is(stop.payload.session_id, (await session.status())?.sessionId);
	assert.is(stop.TMUX_PANE, session.pane);
	assert.is(stop.TMUX?.split(',')[0], tmux.socketPath);
	await session.waitForStatus('idle');
});

test('a Bash tool_use opens the permission dialog; PermissionRequest names the tool; "No" rejects', async () => {
	const requestsBefore = api.requests.length;
	await session.type('please touch x.txt');
	await session.waitForStatus('waiting', 10_000);
	assert.is((await session.status())?.waitingFor, 'permission prompt');
	const screen = await tmux.waitForScreen(session.pane, (s) => s.includes('Do you want to proceed?'), 5000);
	assert.ok(screen.includes('touch x.txt'), screen);
	const permission = await waitForHook('PermissionRequest', 1);
	assert.is(permission.payload.tool_name, 'Bash');
	assert.is(permission.payload.tool_input.command, 'touch x.txt');
	assert.is(permission.TMUX_PANE, session.pane);

	await tmux.tmux(['send-keys', '-t', session.pane, await optionKey('No')]);
	await session.waitForStatus('idle', 10_000);
	await tmux.waitForScreen(session.pane, (s) => !s.includes('Do you want to proceed?'), 5000);
	await sleep(1000);
	assert.not.ok(existsSync(join(session.projectDir, 'x.txt')), 'x.txt must not exist after a rejection');
	assert.is(hooks('Stop').length, 1, 'a rejection ends the turn without a Stop hook');
	// The rejection is not sent to the model: only the prompt's own request reached the API.
	assert.is(api.requests.length, requestsBefore + 1);
});

test('"Yes" approves: the tool runs, its result comes back and a text reply ends the turn', async () => {
	await session.type('please touch y.txt');
	// The rejected x.txt call reaches the model only now, as an error result in front of this prompt.
	const prompt = await api.waitFor((b) => isMainRequest(b) && lastUserText(b) === 'please touch y.txt', 10_000);
	const rejected = rawToolResults(prompt);
	assert.is(rejected.length, 1);
	assert.is(rejected[0]?.is_error, true);
	assert.match(toolResultText(rejected[0]!), /doesn't want to proceed/);
	assert.equal(toolResults(prompt), [], 'a stale rejected result is not a continuation');
	await session.waitForStatus('waiting', 10_000);
	await waitForHook('PermissionRequest', 2);
	await tmux.tmux(['send-keys', '-t', session.pane, await optionKey('Yes')]);
	const body = await api.waitFor((b) => toolResults(b).length > 0, 10_000);
	assert.is(toolResults(body)[0]?.is_error, false);
	assert.ok(existsSync(join(session.projectDir, 'y.txt')), 'y.txt must exist after approval');
	const stop = await waitForHook('Stop', 2);
	assert.is(stop.payload.last_assistant_message, `TOOL RESULT SEEN: ${toolResultText(toolResults(body)[0]!)}`);
	await tmux.waitForScreen(session.pane, (s) => s.includes('TOOL RESULT SEEN:'), 5000);
	await session.waitForStatus('idle');
});

test('AskUserQuestion: dialog, PermissionRequest, 2 picks the second option', async () => {
	await session.type('ask me a colour');
	await session.waitForStatus('waiting', 10_000);
	await tmux.waitForScreen(session.pane, (s) => s.includes('Which colour should the mock use?'), 5000);
	const permission = await waitForHook('PermissionRequest', 3);
	assert.is(permission.payload.tool_name, 'AskUserQuestion');
	assert.is(permission.payload.tool_input.questions[0].options[1].label, 'Blue');
	// 2.1.332 ignores a digit pressed within ≈0.4 s of a dialog appearing (facts §10); a person, and
	// a mailed answer, are never that fast.
	await new Promise((resolve) => setTimeout(resolve, 800));
	await tmux.tmux(['send-keys', '-t', session.pane, '2']);
	const body = await api.waitFor((b) => toolResults(b).some((r) => toolResultText(r).includes('Which colour')), 10_000);
	assert.match(toolResults(body).map(toolResultText).join('\n'), /Blue/);
	const stop = await waitForHook('Stop', 3);
	assert.match(stop.payload.last_assistant_message, /Blue/);
	await session.waitForStatus('idle');
});

test('a subagent is answered by respondWith but kept out of userTexts()', async () => {
	await session.type('spawn a helper');
	const sub = await api.waitFor((b) => isSubagentRequest(b), 10_000);
	assert.is(lastUserText(sub), 'SUBAGENT_TASK: say hello');
	assert.not.ok(isMainRequest(sub));
	// 2.1.197 waits for the subagent within the turn; 2.1.332 runs it in the background (a first Stop
	// fires while it works, its result comes back as a <task-notification> turn with a Stop of its own).
	// Either way the session's last Stop then has no background task left.
	const sawIt = () => {
		const stops = hooks('Stop').slice(3);
		const last = stops.at(-1)?.payload;
		return last && (last.background_tasks ?? []).length === 0 && stops.some((h) => /SUBAGENT DONE|Async agent launched/.test(h.payload.last_assistant_message ?? ''));
	};
	for (const deadline = Date.now() + 20_000; !sawIt(); await sleep(100)) {
		if (Date.now() > deadline) throw new Error(`no Stop saw the subagent's result; log:\n${hooks().map((h) => JSON.stringify(h.payload)).join('\n')}`);
	}
	await session.waitForStatus('idle');
});

test('userTexts() lists the typed prompts of the main conversation, in order', () => {
	assert.equal(api.userTexts().filter((text) => !text.startsWith('<task-notification>')), ['hello there', 'please touch x.txt', 'please touch y.txt', 'ask me a colour', 'spawn a helper']);
	// Nothing but the main conversation and the one subagent was asked.
	assert.equal(api.requests.filter((r) => !isMainRequest(r.body) && !isSubagentRequest(r.body)).length, 0);
	assert.equal(api.otherRequests, []);
});

test('stop() leaves no claude process from this run', async () => {
	const pid = session.pid;
	assert.ok(processesUnder(baseDir).includes(pid), 'claude should be found before stop');
	await session.stop();
	assert.equal(processesUnder(baseDir), []);
	assert.throws(() => process.kill(pid, 0));
	assert.is(await session.status(), null);
	await tmux.kill();
	const serverGone = await tmux.tmux(['list-sessions']).then(() => false, () => true);
	assert.ok(serverGone, 'the private tmux server must be gone');
	assert.not.ok(existsSync(tmux.socketPath), 'its socket file must be gone');
});

test.run();
