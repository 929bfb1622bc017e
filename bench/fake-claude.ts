/**
 * A cheap stand-in for Claude Code in a tmux pane, for the benchmarks that
 * need many panes. It follows the parts of Claude Code's behaviour that
 * TaskPing's injector relies on (claude-code-facts.md §4, §5):
 *
 * - writes $CONFIG/sessions/<pid>.json with status "idle" (atomically, like
 *   Claude Code), "busy" for a moment after a submission, then "idle" again
 *   with a new statusUpdatedAt; removes the file when it exits;
 * - enables bracketed paste and reads the terminal in raw mode: text between
 *   ESC[200~ and ESC[201~ is pasted (a CR in it is a newline), a CR outside a
 *   paste submits the input line;
 * - appends each submission to the log file as one JSON line
 *   {"t": <epoch ms>, "text": "..."} — the moment the text was "typed";
 * - draws an input box like Claude Code's (a rule, "❯ <input>", a rule,
 *   "? for shortcuts"), so a screen check for an empty prompt sees one.
 *
 * Usage: node fake-claude.js CONFIG_DIR SESSION_ID LOG_FILE [BUSY_MS]
 */
import { appendFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [configDirArg, sessionIdArg, logFileArg, busyArg] = process.argv.slice(2);
if (!configDirArg || !sessionIdArg || !logFileArg) {
	process.stderr.write('usage: fake-claude CONFIG_DIR SESSION_ID LOG_FILE [BUSY_MS]\n');
	process.exit(2);
}
const configDir: string = configDirArg;
const sessionId: string = sessionIdArg;
const logFile: string = logFileArg;
const busyMs = Number(busyArg ?? 30);
const sessionsDir = join(configDir, 'sessions');
mkdirSync(sessionsDir, { recursive: true });
const statusFile = join(sessionsDir, `${process.pid}.json`);
const startedAt = Date.now();

function writeStatus(status: 'idle' | 'busy'): void {
	const now = Date.now();
	const tmp = `${statusFile}.${now}.tmp`;
	writeFileSync(tmp, JSON.stringify({ pid: process.pid, sessionId, cwd: process.cwd(), status, updatedAt: now, statusUpdatedAt: now, startedAt, version: 'fake', kind: 'interactive' }));
	renameSync(tmp, statusFile);
}

const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';
let pending = '';
let input = '';
let inPaste = false;
let idleTimer: NodeJS.Timeout | null = null;
const history: string[] = [];
const RULE = '─'.repeat(Math.max(20, Math.min(100, (process.stdout.columns ?? 80) - 2)));

function draw(): void {
	const lines = [`fake claude ${sessionId} (pid ${process.pid})`, ...history.slice(-12).map((text) => `> ${text.replace(/\s+/g, ' ').slice(0, 100)}`), '', RULE, `❯ ${input.split('\n')[0]!.slice(0, 100)}`, RULE, '  ? for shortcuts'];
	process.stdout.write(`\x1b[H\x1b[2J${lines.join('\r\n')}`);
}

function submit(): void {
	const text = input;
	input = '';
	appendFileSync(logFile, `${JSON.stringify({ t: Date.now(), text })}\n`);
	writeStatus('busy');
	history.push(text);
	if (idleTimer) clearTimeout(idleTimer);
	idleTimer = setTimeout(() => writeStatus('idle'), busyMs);
}

function consume(): void {
	while (pending.length > 0) {
		if (pending.startsWith(PASTE_START)) {
			inPaste = true;
			pending = pending.slice(PASTE_START.length);
			continue;
		}
		if (pending.startsWith(PASTE_END)) {
			inPaste = false;
			pending = pending.slice(PASTE_END.length);
			continue;
		}
		// A marker split over two reads: wait for the rest.
		if (pending[0] === '\x1b' && (PASTE_START.startsWith(pending) || PASTE_END.startsWith(pending))) return;
		const char = pending[0]!;
		pending = pending.slice(1);
		if (char === '\r' || char === '\n') {
			if (inPaste) input += '\n';
			else submit();
		} else if (char === '\x03' && !inPaste) {
			input = '';
		} else {
			input += char;
		}
	}
}

function exit(): void {
	rmSync(statusFile, { force: true });
	process.exit(0);
}

process.on('SIGTERM', exit);
process.on('SIGHUP', exit);
process.on('SIGINT', exit);
if (process.stdin.isTTY) process.stdin.setRawMode(true);
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
	pending += chunk;
	consume();
	draw();
});
process.stdin.on('end', exit);
process.stdout.write('\x1b[?2004h');
draw();
writeStatus('idle');
