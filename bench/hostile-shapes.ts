/**
 * The mail shapes that made handling super-linear (issue 12), built at any
 * size: each is mostly one pattern repeated, so a quadratic step shows as a
 * 100× jump from 1 MB to 10 MB. Shared by the bench (7, 8) and the tests.
 */
export interface HostileShape { name: string; what: string; build: (bytes: number, head: string) => string }

/** `unit` repeated to about `bytes` bytes (UTF-8: "于" is three). */
const fill = (unit: string, bytes: number): string => unit.repeat(Math.max(1, Math.floor(bytes / Buffer.byteLength(unit))));

export const HOSTILE_SHAPES: HostileShape[] = [
	{
		name: 'header-space-runs',
		what: 'long header lines with runs of spaces (the whole mail is headers)',
		build: (bytes, head) => `${fill(`X-Pad: a${' '.repeat(4000)}b\r\n`, bytes)}${head}Content-Type: text/plain\r\n\r\nyes\r\n`,
	},
	{
		name: 'subject-space-run',
		what: 'a subject of spaces and "Re:" prefixes (within the header limit), then a body of space runs',
		build: (bytes, head) => `${head.replace(/^Subject: /m, `Subject: ${'Re: '.repeat(2000)}${' '.repeat(40_000)}x `)}Content-Type: text/plain\r\n\r\nyes\r\n${fill(`${' '.repeat(10_000)}x\r\n`, bytes)}`,
	},
	{
		name: 'stray-end-tags',
		what: 'HTML of stray end tags',
		build: (bytes, head) => `${head}Content-Type: text/html\r\n\r\n<p>yes</p>${fill('</b></i></div></p></span></td>', bytes)}\r\n`,
	},
	{
		name: 'open-then-stray-tags',
		what: 'HTML of unclosed inline elements, then stray end tags (each searches the open-element stack)',
		build: (bytes, head) => `${head}Content-Type: text/html\r\n\r\n<p>yes</p>${fill('<b><span>', bytes / 2)}${fill('</i></x>', bytes / 2)}\r\n`,
	},
	{
		name: 'attribution-lines',
		what: 'lines that look like attributions ("On … wrote:", "于 … 写道：") above quotes',
		build: (bytes, head) => `${head}Content-Type: text/plain; charset=utf-8\r\n\r\nyes\r\n\r\n${fill(`On Mon, 7 Dec 2026 at 05:00 ${'于 <b@x.test> '.repeat(40)}wrote:\r\n> ${'于'.repeat(200)} 写道 <a@b.c> wrote\r\n`, bytes)}`,
	},
	{
		name: 'line-end-space-runs',
		what: 'long whitespace runs at line ends (the /\\s+$/ trims)',
		build: (bytes, head) => `${head}Content-Type: text/plain\r\n\r\nyes${' '.repeat(100)}\r\n${fill(`${' \t'.repeat(50_000)}x${' '.repeat(50_000)}\r\n`, bytes)}`,
	},
	{
		name: 'quoted-header-lines',
		what: 'quoted "| From |" / "From:" lines with space runs (quoted-header detection)',
		build: (bytes, head) => `${head}Content-Type: text/plain\r\n\r\nyes\r\n\r\n${fill(`> | From | a${' '.repeat(3000)}x\r\n> From ${' '.repeat(3000)}x\r\n##- Reply above ${'##-'.repeat(300)}\r\n`, bytes)}`,
	},
];

/** Headers of a mail from someone not on the whitelist: no token, no authentication. */
export function outsiderHead(messageId: string, to: string): string {
	return `From: Mallory <mallory@evil.test>\r\nTo: ${to}\r\nSubject: hello\r\nDate: ${new Date().toUTCString()}\r\nMessage-ID: ${messageId}\r\nMIME-Version: 1.0\r\n`;
}

/** Headers of a reply from the whitelisted user to a live token, authenticated by the server's stamp. */
export function trustedHead(opts: { messageId: string; token: string; inReplyTo: string; authservId: string; from: string; to: string }): string {
	return `Authentication-Results: ${opts.authservId}; auth=pass smtp.auth=${opts.from}; dkim=pass header.d=users.test; dmarc=pass header.from=users.test\r\nFrom: Alice <${opts.from}>\r\nTo: ${opts.to}\r\nSubject: Re: [TaskPing #${opts.token}] proj: All tests pass. Deploy?\r\nDate: ${new Date().toUTCString()}\r\nMessage-ID: ${opts.messageId}\r\nIn-Reply-To: ${opts.inReplyTo}\r\nMIME-Version: 1.0\r\n`;
}
