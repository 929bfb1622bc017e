// Pictures in: only PNG, JPEG, GIF and WebP, recognised by their bytes and
// declared as such, go to Claude; everything else refuses the reply with a
// reason. Saved under the state dir with TaskPing's names, mode 0600.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { simpleParser } from 'mailparser';
import { promptWithPictures } from '../../src/inject/pictures.js';
import { MAX_PICTURE_BYTES, reviewAttachments, sniffPicture } from '../../src/reply/attachments.js';
import type { SessionRecord } from '../../src/session/store.js';
import { decideReply } from '../../src/verify/decide.js';
import { PNG, replyWithAttachment } from '../fixtures/picture-mail.js';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([26, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);
const HEIC = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), Buffer.alloc(12)]);
const PDF = Buffer.from('%PDF-1.7\n');

const part = (contentType: string, content: Buffer, filename = 'x') => ({ contentType, content, filename, size: content.length });

test('sniffing: each allowed format by its signature, HEIC named, anything else unknown', () => {
	assert.equal([PNG, JPEG, GIF, WEBP, HEIC, PDF].map(sniffPicture), ['png', 'jpeg', 'gif', 'webp', 'heic', null]);
});

test('pictures pass; other attachments are left out; HEIC, lies about the type, huge pictures, too many, and pictures for a dialog refuse', () => {
	const ok = reviewAttachments([part('image/png', PNG, 'Screenshot 2026.png'), part('image/jpeg', JPEG), part('image/gif', GIF), part('image/webp', WEBP)], false);
	assert.equal(ok.reasons, []);
	assert.equal(ok.pictures.map((p) => p.type), ['png', 'jpeg', 'gif', 'webp']);
	assert.match(ok.details[0]!, /attachment 1 \(image\/png, Screenshot 2026\.png, \d+ bytes\): picture 1 \(png\), sent to Claude/);
	assert.equal(reviewAttachments([part('application/pdf', PDF, 'report.pdf')], false).reasons, []);
	assert.match(reviewAttachments([part('application/pdf', PDF, 'report.pdf')], false).details[0]!, /not a picture, not sent to Claude/);
	assert.equal(reviewAttachments([part('image/heic', HEIC, 'IMG_0001.HEIC')], false).reasons, ['picture-heic']);
	assert.equal(reviewAttachments([part('application/octet-stream', HEIC)], false).reasons, ['picture-heic'], 'HEIC by its bytes, whatever it is called');
	assert.equal(reviewAttachments([part('image/png', JPEG)], false).reasons, ['picture-not-readable'], 'declared PNG, bytes JPEG');
	assert.equal(reviewAttachments([part('image/png', PDF)], false).reasons, ['picture-not-readable']);
	assert.equal(reviewAttachments([part('application/octet-stream', PNG, 'a.png')], false).pictures, [], 'a picture must say it is one');
	assert.equal(reviewAttachments([part('image/svg+xml', Buffer.from('<svg/>'))], false).reasons, ['picture-not-readable']);
	assert.equal(reviewAttachments([part('image/png', Buffer.concat([PNG, Buffer.alloc(MAX_PICTURE_BYTES)]))], false).reasons, ['picture-too-large']);
	assert.equal(reviewAttachments(Array.from({ length: 6 }, () => part('image/png', PNG)), false).reasons, ['too-many-pictures']);
	assert.equal(reviewAttachments([part('image/png', PNG)], true).reasons, ['picture-for-dialog']);
	assert.ok(reviewAttachments([part('text/plain', Buffer.from('x'), 'a\x1b[31m.txt')], false).details[0]!.includes('a?[31m.txt'), 'names are shown without control characters');
});

test('saved under the state dir with names TaskPing chose, 0600 in a 0700 folder, and mentioned as @path in the prompt', () => {
	const home = mkdtempSync(join(tmpdir(), 'taskping-pictures-'));
	try {
		const prompt = promptWithPictures(join(home, 'state'), 'what is wrong here?', [{ type: 'png', content: PNG }, { type: 'jpeg', content: JPEG }]);
		assert.ok('text' in prompt);
		const lines = 'text' in prompt ? prompt.text.split('\n') : [];
		assert.is(lines[1], 'what is wrong here?', 'the text last: a mention at the end would leave the completion menu open');
		const paths = lines[0]!.split(' ').map((word) => word.slice(1));
		assert.is(paths.length, 2);
		assert.match(paths[0]!, new RegExp(`^${join(home, 'state', 'pictures')}/\\d{8}T\\d{6}-[0-9a-f]{8}-1\\.png$`));
		assert.match(paths[1]!, /-2\.jpg$/);
		assert.equal(readFileSync(paths[0]!), PNG);
		assert.is(statSync(paths[0]!).mode & 0o777, 0o600);
		assert.is(statSync(join(home, 'state', 'pictures')).mode & 0o777, 0o700);
		const spaced = promptWithPictures(join(home, 'my state'), 'x', [{ type: 'png', content: PNG }]);
		assert.is('reason' in spaced && spaced.reason, 'picture-path');
		assert.equal(promptWithPictures(join(home, 'my state'), 'no pictures', []), { text: 'no pictures' });
	} finally {
		rmSync(home, { recursive: true, force: true });
	}
});

test('decide: a verified reply with a screenshot is accepted with its picture; with a PDF it is refused, and inspect sees why', async () => {
	const session = { token: 'K7Q2XM9PA4B3C', tmux: { socket: '/s', pane: '%1' }, claudeSessionId: 's', claudeConfigDir: null, cwd: '/p', transcriptPath: '', createdAt: '', refreshedAt: '', expiresAt: '2099-01-01T00:00:00Z', recipients: [], messageIds: [] } as SessionRecord;
	const auth = ['Authentication-Results: mx.taskping.test; auth=pass smtp.auth=alice@users.test; dmarc=pass header.from=users.test'];
	const decide = async (contentType: string, filename: string, content: Buffer) => {
		const raw = replyWithAttachment({ from: 'alice@users.test', subject: 'Done: ok · p [TaskPing #K7Q2XM9PA4B3C]', text: 'what does this error mean?', contentType, filename, content, messageId: `<${filename}@users.test>`, extraHeaders: auth });
		return decideReply(await simpleParser(raw), { config: { allowedSenders: ['alice@users.test'], maxReplyLength: 4000, authservId: 'mx.taskping.test' }, findSession: () => session, isProcessed: () => false, now: new Date(), raw });
	};
	const png = await decide('image/png', 'IMG_1.png', PNG);
	assert.ok(png.accepted, png.reasons.join(', '));
	assert.is(png.text, 'what does this error mean?');
	assert.is(png.pictures.length, 1);
	assert.equal(png.pictures[0]!.content, PNG);
	const pdf = await decide('application/pdf', 'report.pdf', PDF);
	assert.ok(pdf.accepted, 'a document is left out, the text still goes');
	assert.is(pdf.pictures.length, 0);
	assert.match(pdf.attachments[0]!, /application\/pdf, report\.pdf.*not a picture, not sent to Claude/);
});

test.run();
