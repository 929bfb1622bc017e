/**
 * Claude's answers are Markdown; a phone shows them rendered. markdown-it
 * with raw HTML off (the text may be copied from a web page), links only to
 * http(s) and mailto (an allow-list: anything else stays text), images shown
 * as links (a mail that loads remote pictures tells the sender it was read),
 * and inline styles for a 390-px screen, because many mail apps drop <style>.
 */
import MarkdownIt from 'markdown-it';
import type { MarkdownIt as Renderer, Token } from 'markdown-it';
import { escapeHtml } from './html-escape.js';
import { STYLE } from './phone-style.js';

const SAFE_LINK = /^(?:https?:\/\/|mailto:)/i;

/** Headings a little larger than the text, never the huge defaults (an h1 would fill a phone's screen). */
const HEADING_STYLES: Record<string, string> = {
	h1: 'font-size:18px;font-weight:600;margin:14px 0 8px;',
	h2: 'font-size:17px;font-weight:600;margin:14px 0 8px;',
	h3: 'font-size:16px;font-weight:600;margin:12px 0 6px;',
	h6: 'font-size:15px;font-weight:600;margin:10px 0 6px;',
};

/** Token types whose opening tag gets a phone style. */
const OPEN_STYLES: Record<string, string> = {
	paragraph_open: STYLE.paragraph,
	bullet_list_open: STYLE.list,
	ordered_list_open: STYLE.list,
	list_item_open: STYLE.listItem,
	blockquote_open: STYLE.blockquote,
	table_open: STYLE.table,
	th_open: STYLE.cell + STYLE.headCell,
	td_open: STYLE.cell,
	hr: STYLE.hr,
	link_open: STYLE.link,
};

function createRenderer(): Renderer {
	const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });
	md.validateLink = (url: string) => SAFE_LINK.test(url.trim());
	md.core.ruler.push('phone_styles', (state) => {
		const visit = (tokens: Token[]) => {
			for (const token of tokens) {
				const style = token.type === 'heading_open' ? HEADING_STYLES[token.tag] ?? HEADING_STYLES.h6 : OPEN_STYLES[token.type];
				if (style) token.attrSet('style', style);
				if (token.type === 'link_open') {
					token.attrSet('target', '_blank');
					token.attrSet('rel', 'noopener noreferrer');
				}
				if (token.children) visit(token.children);
			}
		};
		visit(state.tokens);
	});
	const code = (content: string) => `<pre style="${STYLE.pre}"><code>${escapeHtml(content.replace(/\n$/, ''))}</code></pre>\n`;
	md.renderer.rules.fence = (tokens, index) => code(tokens[index]!.content);
	md.renderer.rules.code_block = (tokens, index) => code(tokens[index]!.content);
	md.renderer.rules.code_inline = (tokens, index) => `<code style="${STYLE.code}">${escapeHtml(tokens[index]!.content)}</code>`;
	// A picture is a link to it, never loaded: no tracking pixel, no remote fetch when the mail is opened.
	md.renderer.rules.image = (tokens, index) => {
		const token = tokens[index]!;
		const src = String(token.attrGet('src') ?? '');
		const alt = token.children?.map((child) => child.content).join('') || src;
		return SAFE_LINK.test(src) ? `<a href="${escapeHtml(src)}" style="${STYLE.link}" target="_blank" rel="noopener noreferrer">[${escapeHtml(alt)}]</a>` : escapeHtml(`[${alt}]`);
	};
	return md;
}

let renderer: Renderer | null = null;

/** Claude's Markdown as HTML for a phone. Raw HTML in the text is shown as text. */
export function renderMarkdown(text: string): string {
	renderer ??= createRenderer();
	return renderer.render(text);
}

/**
 * The first `maxLines` lines of a Markdown text, cut at the end of a block
 * where one ends in time (a code fence cut inside is closed again), and how
 * many lines are left out.
 */
export function headOfMarkdown(text: string, maxLines: number): { head: string; moreLines: number } {
	const lines = text.replace(/\s+$/, '').split('\n');
	if (lines.length <= maxLines) return { head: lines.join('\n'), moreLines: 0 };
	renderer ??= createRenderer();
	const blocks = renderer.parse(text, {}).filter((token: Token) => token.level === 0 && token.map && token.nesting !== -1);
	let cut = 0;
	for (const block of blocks) if (block.map![1] <= maxLines) cut = block.map![1];
	// A first block longer than the whole head (one huge code block) is cut inside.
	if (cut < maxLines / 2) cut = maxLines;
	const shown = lines.slice(0, cut).join('\n').replace(/\s+$/, '');
	const fence = openFence(lines.slice(0, cut));
	return { head: fence ? `${shown}\n${fence}` : shown, moreLines: lines.length - shown.split('\n').length };
}

/** The fence still open at the end of these lines (``` or ~~~), so a cut head can close it. */
function openFence(lines: string[]): string | null {
	let open: string | null = null;
	for (const line of lines) {
		const match = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
		if (!match) continue;
		if (open === null) open = match[1]!;
		else if (match[1]![0] === open[0] && match[1]!.length >= open.length && line.trim() === match[1]) open = null;
	}
	return open;
}
