// Seeded fuzz over reply HTML: documents built from the allow-list (what clients write)
// with random hostile constructs mixed in. Whatever the reader accepts must be exactly
// the text parse5's tree shows (an independent walk over parse5's own output here), and
// typing that text must pass the check; what it cannot read it must refuse, not guess.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'parse5';
import type { DefaultTreeAdapterMap } from 'parse5';
import { checkShownText, readVisible, readWords } from '../../src/verify/hidden-html.js';

let seed = Number(process.env.FUZZ_SEED ?? 20261207);
const rand = (n: number): number => {
	seed = (seed * 1103515245 + 12345) % 2147483648;
	return seed % n;
};
const pick = <T>(items: readonly T[]): T => items[rand(items.length)]!;
const WORDS = ['please', 'run', 'the', 'tests', 'deploy', 'not', 'merge', 'README', '继续', 'rm', '-rf', '~', 'ok', 'version', 'später'];
const text = (): string => Array.from({ length: 1 + rand(4) }, () => pick(WORDS)).join(' ');

const SAFE: Array<(inner: string) => string> = [
	(x) => `<div>${x}</div>`, (x) => `<p>${x}</p>`, (x) => `<span>${x}</span>`, (x) => `<b>${x}</b>`, (x) => `<i>${x}</i>`,
	(x) => `<font color="#333333">${x}</font>`, (x) => `<div style="font-size:14px;color:#222">${x}</div>`, (x) => `${x}<br>`,
	(x) => `<a href="https://x.test/a">${x}</a>`, (x) => `<table><tr><td>${x}</td></tr></table>`, (x) => `<ul><li>${x}</li></ul>`,
	(x) => `<blockquote type="cite">${x}</blockquote>`, (x) => `<div style="background:#f2f2f2;padding:8px">${x}</div>`,
	(x) => `<table bgcolor="#1f2328"><tr><td><font color="#ffffff">${x}</font></td></tr></table>`, (x) => `<sup>${x}</sup>`, (x) => `<span style="font-size:85%">${x}</span>`,
];
const HOSTILE: Array<(inner: string) => string> = [
	(x) => `<span style="display:none">${x}</span>`, (x) => `<div hidden>${x}</div>`, (x) => `<span style="opacity:0.01">${x}</span>`,
	(x) => `<span style="font-size:1px">${x}</span>`, (x) => `<span style="color:#fefefe">${x}</span>`, (x) => `<template>${x}</template>`,
	(x) => `<svg><text>${x}</text></svg>`, (x) => `<details><summary>s</summary>${x}</details>`, (x) => `<title>${x}</title>`,
	(x) => `<!-- ${x} -->`, (x) => `<div title="${x}">v</div>`, (x) => `<div style="display:none"/>${x}`, (x) => `<video>${x}</video>`,
	(x) => `<style>.k{color:#fff}</style><span class="k">${x}</span>`, (x) => `<span style="position:absolute;left:-999px">${x}</span>`,
	(x) => `<!--[if mso]>${x}<![endif]-->`, (x) => `<![if !mso]>${x}<![endif]>`, (x) => `<div style="background:#000">${x}</div>`,
	(x) => `<p style="text-indent:-40px;margin-left:20px">${x}</p>`,
	(x) => `<noscript>${x}</noscript>`, (x) => `<span style="dis\\70 lay:none">${x}</span>`, (x) => `<table><tr style="display:none">${x}<td>c</td></tr></table>`,
];

function build(depth: number): string {
	const parts: string[] = [];
	for (let i = 0; i < 1 + rand(3); i++) {
		const inner = depth > 0 && rand(2) ? build(depth - 1) : text();
		parts.push(rand(6) === 0 ? pick(HOSTILE)(inner) : pick(SAFE)(inner));
	}
	return parts.join('');
}

type Node = DefaultTreeAdapterMap['childNode'] | DefaultTreeAdapterMap['document'];
const NOT_SHOWN = new Set(['head', 'style', 'script', 'template', 'title', 'noscript', 'video', 'svg']);

/** Elements that keep their text in the line: text on either side of them runs on without a space ("please<b>README</b>" shows one word). */
const INLINE_TAGS = new Set(['a', 'span', 'font', 'b', 'i', 'u', 'em', 'strong', 'small', 'sub', 'sup', 'code', 'mark']);

/** What parse5's tree shows: text nodes outside unrendered elements, display:none and [hidden]; a space only where a block or a break is. */
function parse5Visible(html: string): string {
	let out = '';
	const walk = (node: Node): void => {
		if (node.nodeName === '#text') out += (node as DefaultTreeAdapterMap['textNode']).value;
		if (!('childNodes' in node)) return;
		const block = 'tagName' in node && !INLINE_TAGS.has(node.tagName);
		if ('tagName' in node) {
			if (NOT_SHOWN.has(node.tagName)) return;
			const style = node.attrs.find((a) => a.name === 'style')?.value.replace(/\s/g, '').toLowerCase() ?? '';
			if (/display:none/.test(style) || (node.attrs.some((a) => a.name === 'hidden') && !/display:/.test(style))) return;
		}
		if (block) out += ' ';
		for (const child of node.childNodes) walk(child);
		if (block) out += ' ';
	};
	walk(parse(html, { scriptingEnabled: false }));
	return out;
}

test('seeded fuzz: accepted HTML reads exactly as parse5 shows it; the rest is refused', () => {
	let accepted = 0;
	let refused = 0;
	for (let round = 0; round < 600; round++) {
		const html = build(3);
		const visible = readVisible(html);
		if (visible.problem) {
			refused++;
			continue;
		}
		accepted++;
		const shown = parse5Visible(html);
		const read = visible.words.filter((w) => w.kind !== 'extra').map((w) => w.word);
		assert.equal(read, readWords(shown), `seed round ${round}: ${html}`);
		// Typing everything shown (quotes included, as a plain part might) is never refused as hidden.
		const userText = visible.words.filter((w) => w.kind === 'text').map((w) => w.word).join(' ');
		const problem = checkShownText(html, userText);
		assert.ok(problem === null || problem.code !== 'html-unsupported', `round ${round}: ${JSON.stringify(problem)}`);
	}
	console.log(`  html fuzz: ${accepted} accepted, ${refused} refused`);
	assert.ok(accepted > 50 && refused > 50, `${accepted} accepted, ${refused} refused`);
});

test.run();
