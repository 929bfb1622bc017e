/**
 * (5) Start-up catch-up with 10,000 old messages already in the service
 * INBOX: only new ones may be processed, and the watcher must be ready fast.
 *
 * The old mail is written straight into the account's maildir under the mail
 * server's temp dir (half of it old replies carrying the live token of a
 * stand-in pane, so processing any of them would type it), then Dovecot is
 * made to index it. The watcher starts once (it records the position and
 * skips the old mail), stops; a few new replies arrive; it starts again and
 * we time until it is ready and until the new replies are typed.
 */
import { chownSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MailServer } from '../test/harness/mail-server.js';
import { startFleet } from './fleet.js';
import type { BenchOptions, Figure } from './result.js';
import { formatMb, formatMs, round } from './stats.js';
import { countOutcomes, failOnRefusal, memoryOf, readLog, replyRaw, SERVICES, until } from './world.js';

const NEW_REPLIES = 5;

function newsletter(i: number, date: Date): string {
	return [
		'From: Weekly News <news@lists.example.org>',
		`To: ${SERVICES.catchup.address}`,
		`Subject: Weekly digest #${i}`,
		`Date: ${date.toUTCString().replace('GMT', '+0000')}`,
		`Message-ID: <digest-${i}@lists.example.org>`,
		'List-Id: <weekly.lists.example.org>',
		'MIME-Version: 1.0',
		'Content-Type: text/plain; charset=UTF-8',
		'',
		`Digest number ${i}.`,
		'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(8),
		'',
	].join('\r\n');
}

export async function measureCatchup(mail: MailServer, options: BenchOptions): Promise<Figure[]> {
	const oldCount = options.quick ? 2000 : 10_000;
	const fleet = await startFleet({ mail, service: SERVICES.catchup, panes: 1, watch: false });
	try {
		const pane = fleet.panes[0]!;
		// Log in once so Dovecot creates the maildir, then fill it directly.
		await fleet.appender.count();
		const local = SERVICES.catchup.address.split('@')[0]!;
		const maildir = join(mail.dir, 'mail', 'taskping.test', local, 'Maildir');
		const cur = join(maildir, 'cur');
		await until('the service maildir', () => existsSync(cur), 10_000, 50);
		const { uid, gid } = statSync(maildir);
		const fillStart = Date.now();
		const base = Math.floor(Date.now() / 1000) - 86_400 * 3;
		for (let i = 0; i < oldCount; i++) {
			const date = new Date((base + i) * 1000);
			const raw = i % 2 === 0
				? replyRaw({ token: pane.token, text: `OLD reply ${i} that must never be typed`, messageId: `<old-${i}@users.test>`, authservId: mail.authservId, to: SERVICES.catchup.address })
				: newsletter(i, date);
			const file = join(cur, `${base + i}.M${i}P${process.pid}.bench,S=${Buffer.byteLength(raw)}:2,S`);
			writeFileSync(file, raw);
			chownSync(file, uid, gid);
		}
		const written = Date.now() - fillStart;
		const indexStart = Date.now();
		const indexed = await until('Dovecot to index the old mail', async () => ((await fleet.appender.count()) >= oldCount ? true : null), 120_000, 200);
		const indexMs = Date.now() - indexStart;
		options.log(`  (5) ${oldCount} old messages written in ${formatMs(written)}, indexed by Dovecot in ${formatMs(indexMs)} (${indexed})`);

		// First start: records the position, skips the old mail.
		const first = await fleet.startWatcher();
		const firstReady = first.readyMs;
		await fleet.stopWatcher();
		const skipped = readLog(fleet.home).find((line) => line.event === 'mailbox-first-run')?.skipped ?? null;

		// New replies arrive while the watcher is down.
		const texts: string[] = [];
		for (let i = 0; i < NEW_REPLIES; i++) {
			const text = `NEW reply ${i} after the restart`;
			texts.push(text);
			await fleet.appender.append(fleet.reply(0, text));
		}
		const outcomesBefore = countOutcomes(fleet.home);
		const second = await fleet.startWatcher();
		const typed = await until('the new replies to be typed', () => {
			failOnRefusal(fleet.home, outcomesBefore, 'a new reply');
			const got = fleet.typed(0);
			return got.length >= NEW_REPLIES ? got : null;
		}, 60_000, 10);
		const handledMs = Math.max(...typed.map((entry) => entry.t)) - second.startedAt;
		await until('outcomes recorded', () => countOutcomes(fleet.home) >= outcomesBefore + NEW_REPLIES, 15_000, 20).catch(() => undefined);
		const rss = memoryOf(second.pid).rss;
		// Anything old that was processed would show as an outcome or be typed.
		const typedTexts = fleet.typed(0).map((entry) => entry.text);
		const oldTyped = typedTexts.filter((text) => text.startsWith('OLD')).length;
		const extraOutcomes = countOutcomes(fleet.home) - outcomesBefore - NEW_REPLIES;
		const onlyNew = oldTyped === 0 && extraOutcomes === 0 && texts.every((text) => typedTexts.includes(text));
		options.log(`  (5) first start ready ${formatMs(firstReady)}, restart ready ${formatMs(second.readyMs)}, new replies typed ${formatMs(handledMs)} after spawn`);
		return [
			{
				id: '5',
				what: `start-up with ${oldCount} old messages in INBOX, ${NEW_REPLIES} new (restart)`,
				n: 1,
				value: `restart ready ${formatMs(second.readyMs)}, new ones typed ${formatMs(handledMs)} after spawn; first start ready ${formatMs(firstReady)} (skipped ${skipped}); only new processed: ${onlyNew ? 'yes' : `NO (old typed ${oldTyped}, extra outcomes ${extraOutcomes})`}; rss ${formatMb(rss)}`,
				target: 'ready ≤ 3 s, only new',
				ok: second.readyMs <= 3000 && onlyNew,
				data: { oldMessages: oldCount, firstReadyMs: round(firstReady), restartReadyMs: round(second.readyMs), newTypedMs: round(handledMs), skipped, onlyNew, oldTyped, extraOutcomes, rss, maildirWriteMs: written, dovecotIndexMs: indexMs },
			},
		];
	} finally {
		await fleet.stop();
	}
}
