/** "What happened this turn" as a few lines of text and a compact HTML box, under Claude's headline. */
import { relative, isAbsolute } from 'node:path';
import type { TurnSummary } from '../claude/turn-summary.js';
import { escapeHtml } from './html-escape.js';
import type { PhoneTexts } from './i18n.js';
import { STYLE } from './phone-style.js';

export function formatDuration(ms: number): string {
	if (ms < 1000) return `${Math.round(ms)} ms`;
	const seconds = Math.round(ms / 1000);
	if (seconds < 60) return `${seconds} s`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
	return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

export const formatCount = (n: number): string => (n >= 10_000 ? `${Math.round(n / 1000)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n));

const shortPath = (path: string, cwd: string) => {
	if (!isAbsolute(path)) return path;
	const rel = relative(cwd, path);
	return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
};

const clip = (text: string, max: number) => {
	const line = text.replace(/\s+/g, ' ').trim();
	return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

interface Row { text: string; html: string }

function rows(summary: TurnSummary, cwd: string, t: PhoneTexts['turn']): Row[] {
	const out: Row[] = [];
	for (const file of summary.files) {
		const counts = `+${file.added}${file.removed ? ` −${file.removed}` : ''}`;
		const path = shortPath(file.path, cwd);
		out.push({ text: `${t[file.action]} ${path} ${counts}`, html: `${escapeHtml(t[file.action])} <code style="${STYLE.code}">${escapeHtml(path)}</code> <span style="color:#1a7f37">+${file.added}</span>${file.removed ? ` <span style="color:#cf222e">−${file.removed}</span>` : ''}` });
	}
	for (const command of summary.commands) {
		const failed = command.exitCode !== 0;
		const status = t.exit(command.exitCode);
		out.push({ text: `$ ${clip(command.command, 80)}  → ${status}`, html: `<code style="${STYLE.code}">$ ${escapeHtml(clip(command.command, 80))}</code> <b style="color:${failed ? '#cf222e' : '#1a7f37'}">${failed ? '✗' : '✓'} ${escapeHtml(status)}</b>` });
	}
	if (summary.moreCommands) out.push({ text: t.moreCommands(summary.moreCommands), html: escapeHtml(t.moreCommands(summary.moreCommands)) });
	for (const error of summary.errors) out.push({ text: `${t.errors}: ${error.tool}: ${error.message}`, html: `<span style="color:#cf222e">${escapeHtml(t.errors)}: ${escapeHtml(error.tool)}</span>: ${escapeHtml(error.message)}` });
	const meta = [summary.durationMs !== null ? t.took(formatDuration(summary.durationMs)) : null, summary.tokens ? t.tokens(formatCount(summary.tokens.input), formatCount(summary.tokens.output)) : null].filter(Boolean) as string[];
	if (meta.length) out.push({ text: meta.join(' · '), html: `<span style="color:#59636e">${escapeHtml(meta.join(' · '))}</span>` });
	return out;
}

/** Lines for the text part, or [] when the turn left nothing to show. */
export function turnText(summary: TurnSummary | null, cwd: string, texts: PhoneTexts): string[] {
	if (!summary) return [];
	const lines = rows(summary, cwd, texts.turn);
	return lines.length ? [`${texts.turn.heading}:`, ...lines.map((row) => `  ${row.text}`), ''] : [];
}

export function turnHtml(summary: TurnSummary | null, cwd: string, texts: PhoneTexts): string {
	if (!summary) return '';
	const lines = rows(summary, cwd, texts.turn);
	if (!lines.length) return '';
	return `<div style="${STYLE.summary}">${lines.map((row) => `<div style="${STYLE.summaryLine}">${row.html}</div>`).join('')}</div>`;
}
