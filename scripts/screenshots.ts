/**
 * Renders the notification, permission and question mails as a phone shows
 * them: each mail's HTML part in headless Chromium at 390 px wide, into
 * docs/*.png (English and Chinese). Run after changing how mails look:
 *   npm run build && node dist/scripts/screenshots.js [--out docs] [--chromium /usr/bin/chromium]
 * Needs Chromium (apt-get install chromium). Not part of npm test: it depends
 * on fonts and a browser, and its output is for people to look at.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHookEvent } from '../src/claude/payload.js';
import { readTurnSummary } from '../src/claude/turn-summary.js';
import { composeNotification, type OutgoingMail } from '../src/mail/compose.js';
import { composeDialog } from '../src/mail/compose-dialog.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const arg = (name: string, fallback: string) => {
	const index = process.argv.indexOf(name);
	return index > 0 && process.argv[index + 1] ? process.argv[index + 1]! : fallback;
};
const outDir = resolve(arg('--out', join(root, 'docs')));
const chromium = arg('--chromium', process.env.CHROMIUM ?? 'chromium');

const CWD = '/home/alice/billing-service';
const ANSWER = `## Retry logic for invoice webhooks is in

I added exponential backoff to the webhook sender and wired it into the invoice pipeline:

- \`src/webhooks/sender.ts\` — new \`sendWithRetry()\` with jittered backoff (max **5** attempts)
- \`src/invoices/pipeline.ts\` — uses \`sendWithRetry()\` instead of the bare \`fetch()\`

| suite | passed | failed |
|---|---:|---:|
| webhooks | 11 | 1 |
| invoices | 30 | 0 |

One test fails, and it looks flaky (it passed on 2 of 3 runs):

\`\`\`
FAIL test/webhooks/sender.test.ts > sendWithRetry > gives up after 5 attempts
  AssertionError: expected 4 to equal 5
   ❯ test/webhooks/sender.test.ts:87:31
     85|   await vi.advanceTimersByTimeAsync(60_000);
     86|   expect(result.ok).toBe(false);
     87|   expect(fetchMock).toHaveBeenCalledTimes(5);
\`\`\`

The timer advance races with the last retry; \`vi.runAllTimersAsync()\` should make it deterministic.

**Shall I fix the flaky test and push?**`;

const common = (token: string, language: string) => ({
	token,
	lastPrompt: 'Add retry with backoff to the invoice webhooks and run the tests',
	host: 'desk',
	now: new Date('2026-12-07T04:38:26Z'),
	expiresAt: '2026-12-08T04:38:26.000Z',
	from: 'bot@taskping.example',
	to: ['alice@example.com'],
	messageId: `<taskping.${token}.1a2b3c@desk.taskping>`,
	previousMessageIds: [],
	language,
});

function event(payload: Record<string, unknown>) {
	return parseHookEvent(JSON.stringify({ session_id: 's', cwd: CWD, transcript_path: '', ...payload }), { TMUX: '/tmp/tmux-1000/default,1,0', TMUX_PANE: '%3' })!;
}

function mails(language: string): Array<[string, OutgoingMail]> {
	const transcript = join(root, 'test', 'fixtures', 'transcripts', 'turn.jsonl');
	const stop = composeNotification({ ...common('J4KMB25Q1GP23', language), event: event({ hook_event_name: 'Stop', last_assistant_message: ANSWER }), turn: readTurnSummary(transcript, '8c1f-prompt-1') });
	const permissionEvent = event({ hook_event_name: 'PermissionRequest', tool_name: 'Bash', tool_input: { command: 'npm publish --access public', description: 'Publish @acme/billing-client 2.4.0 to the npm registry' } });
	const permission = composeDialog({
		...common('A7NF7QGVGTKTV', language),
		event: permissionEvent,
		dialog: { kind: 'permission', toolName: 'Bash', toolInput: permissionEvent.toolInput, promptId: null, openedAt: '2026-12-07T04:38:31Z' },
		explanation: 'The tests pass now. I will publish **2.4.0** so the storefront can pick up the retry fix.',
		allowAlways: true,
	});
	const questionInput = { questions: [{ question: 'Which retry policy should the webhooks use?', header: 'Retries', options: [{ label: 'Exponential', description: 'backoff doubling from 1 s, at most 5 tries' }, { label: 'Fixed', description: 'every 30 s, at most 10 tries' }, { label: 'None', description: 'fail at once and log it' }], multiSelect: false }] };
	const question = composeDialog({
		...common('34TDGBSVJKD6P', language),
		event: event({ hook_event_name: 'PermissionRequest', tool_name: 'AskUserQuestion', tool_input: questionInput }),
		dialog: { kind: 'question', toolName: 'AskUserQuestion', toolInput: questionInput, promptId: null, openedAt: '2026-12-07T04:38:40Z' },
		explanation: null,
		allowAlways: true,
	});
	const suffix = language === 'en' ? '' : `-${language}`;
	return [[`mail-stop${suffix}`, stop], [`mail-permission${suffix}`, permission], [`mail-question${suffix}`, question]];
}

/** Chromium's screenshot is the window's size: measure the page first, so the picture holds the whole mail. */
function shoot(html: string, png: string, work: string): void {
	const page = join(work, 'mail.html');
	writeFileSync(page, html);
	const profile = mkdtempSync(join(work, 'profile-'));
	const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', `--user-data-dir=${profile}`, '--hide-scrollbars', '--force-device-scale-factor=2'];
	// The measuring copy reports its own height in the DOM Chromium dumps.
	const measure = join(work, 'measure.html');
	writeFileSync(measure, `${html}<script>document.body.setAttribute('data-height', String(document.documentElement.scrollHeight))</script>`);
	const dom = execFileSync(chromium, [...flags, '--window-size=390,844', '--dump-dom', `file://${measure}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
	const measured = Number(/data-height="(\d+)"/.exec(dom)?.[1] ?? 2000);
	const height = Math.max(844, Math.min(8000, measured + 8));
	execFileSync(chromium, [...flags, `--window-size=390,${height}`, `--screenshot=${png}`, `file://${page}`], { stdio: 'ignore' });
	rmSync(profile, { recursive: true, force: true });
}

mkdirSync(outDir, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'taskping-shots-'));
try {
	for (const language of ['en', 'zh']) {
		for (const [name, mail] of mails(language)) {
			const png = join(outDir, `${name}.png`);
			shoot(mail.html, png, work);
			console.log(`${png}  (${mail.subject})`);
		}
	}
} finally {
	rmSync(work, { recursive: true, force: true });
}
