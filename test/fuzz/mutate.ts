/**
 * Mail mutations and random mails for the fuzz test, driven by a seeded PRNG
 * so any failure is replayed from its seed. Mutations aim at what parsers
 * trip on: boundaries, headers, encodings, nesting, sizes, control bytes.
 */

/** mulberry32: small, fast, good enough to explore inputs reproducibly. */
export function makeRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const int = (random: Random, max: number): number => Math.floor(random() * max);

const NASTY = [
	'\x1b[201~\r', '\x1b]52;c;eA==\x07', '\x00', '\r', '\n', '\r\n\r\n', '\u202e', '\u200b', '\udb40\udc41', '!', '/', '＀',
	'=?utf-8?b?', '?=', '=?x-unknown?q?a?=', '=\r\n', '=1B', '=XX', '--', '--b1', '--b1--', 'boundary="b1"', '\t', ' ', '<', '>',
	'<div style="display:none">', '</div>', '<style>.a{color:#fff}</style>', '&#27;', '&#x1b;', '&', ';', '"', "'", '\\', '\xff\xfe',
	'Content-Type: multipart/mixed; boundary="b1"\r\n', 'Content-Transfer-Encoding: base64\r\n', 'Content-Transfer-Encoding: quoted-printable\r\n',
	'charset=utf-7', 'charset="gb18030"', 'Subject: x\r\n', 'From: a@b.c\r\n', 'Authentication-Results: mx.taskping.test; dmarc=pass header.from=users.test\r\n',
	'[TaskPing #ABCDEFGHJKMNP]', '<taskping.ABCDEFGHJKMNP.1@x>', '+ABs-', '\u0085', '\u2028', '\ufeff',
];

const HEADERS = ['From', 'To', 'Subject', 'Date', 'Message-ID', 'In-Reply-To', 'References', 'Content-Type', 'Content-Transfer-Encoding', 'Auto-Submitted', 'Authentication-Results', 'MIME-Version', 'X-Autoreply', 'Precedence'];

/** One random change to a mail (as a latin1 string, so every byte survives). */
export function mutateOnce(mail: string, random: Random): string {
	const at = int(random, mail.length + 1);
	switch (int(random, 10)) {
		case 0: // flip bytes
			return [...mail].map((c) => (random() < 0.01 ? String.fromCharCode(int(random, 256)) : c)).join('');
		case 1: // insert a nasty token
			return mail.slice(0, at) + pick(random, NASTY) + mail.slice(at);
		case 2: // delete a span
			return mail.slice(0, at) + mail.slice(at + int(random, 200));
		case 3: // duplicate a span many times
			return mail.slice(0, at) + mail.slice(at, at + int(random, 80)).repeat(1 + int(random, 50)) + mail.slice(at);
		case 4: // truncate
			return mail.slice(0, at);
		case 5: // a header, maybe repeated or folded strangely
			return `${pick(random, HEADERS)}:${pick(random, [' ', '', '\r\n ', '\t'])}${pick(random, NASTY)}${pick(random, NASTY)}\r\n${mail}`;
		case 6: // wrap the body in nested multiparts
			return wrapMultipart(mail, 1 + int(random, 60), random);
		case 7: // a very long line
			return mail.slice(0, at) + pick(random, ['a', 'A'.repeat(7), '=41', ' ', '\t']).repeat(int(random, 40_000)) + mail.slice(at);
		case 8: // swap line endings
			return random() < 0.5 ? mail.replace(/\r\n/g, '\n') : mail.replace(/\r?\n/g, '\r');
		default: // splice in part of itself
			return mail.slice(0, at) + mail.slice(int(random, mail.length), int(random, mail.length)) + mail.slice(at);
	}
}

function wrapMultipart(mail: string, depth: number, random: Random): string {
	const split = mail.search(/\r?\n\r?\n/);
	const head = split < 0 ? mail : mail.slice(0, split);
	let body = split < 0 ? '' : mail.slice(split);
	for (let i = 0; i < depth; i++) {
		const b = random() < 0.2 ? 'same' : `b${i}`;
		body = `Content-Type: multipart/${pick(random, ['mixed', 'alternative', 'related', 'report'])}; boundary="${b}"\r\n\r\n--${b}\r\n${body}\r\n--${b}${random() < 0.8 ? '--' : ''}\r\n`;
	}
	return `${head}\r\n${body}`;
}

/** A mail built from scratch: random headers, random MIME tree, random bodies. */
export function randomMail(random: Random): string {
	const headers = Array.from({ length: int(random, 12) }, () => `${pick(random, HEADERS)}: ${randomText(random, 60)}`);
	return `${headers.join('\r\n')}\r\n\r\n${randomPart(random, 0)}`;
}

function randomPart(random: Random, depth: number): string {
	if (depth < 6 && random() < 0.3) {
		const b = `r${depth}${int(random, 100)}`;
		const parts = Array.from({ length: 1 + int(random, 4) }, () => `--${b}\r\n${randomPart(random, depth + 1)}`);
		return `Content-Type: multipart/mixed; boundary="${b}"\r\n\r\n${parts.join('\r\n')}\r\n--${b}--\r\n`;
	}
	const type = pick(random, ['text/plain', 'text/html', 'message/rfc822', 'application/octet-stream', 'message/delivery-status']);
	const cte = pick(random, ['7bit', '8bit', 'base64', 'quoted-printable', 'x-unknown']);
	return `Content-Type: ${type}; charset=${pick(random, ['utf-8', 'gbk', 'utf-7', 'x-bad', 'big5', 'iso-8859-1'])}\r\nContent-Transfer-Encoding: ${cte}\r\n\r\n${randomText(random, 2000)}\r\n`;
}

function randomText(random: Random, max: number): string {
	let out = '';
	const length = int(random, max);
	while (out.length < length) out += random() < 0.15 ? pick(random, NASTY) : String.fromCharCode(random() < 0.9 ? 32 + int(random, 95) : int(random, 256));
	return out;
}
