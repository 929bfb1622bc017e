/**
 * Just enough CSS to tell whether mail text can be seen: declarations,
 * simple stylesheet rules (tag, .class, #id, matched on the last compound of
 * a selector, which can only make more text count as hidden), and colours.
 * Pure and linear; malformed CSS is skipped, never thrown on.
 */
export type Declarations = Map<string, string>;

export interface StyleRule {
	tag: string | null;
	ids: string[];
	classes: string[];
	declarations: Declarations;
}

export interface Rgba {
	r: number;
	g: number;
	b: number;
	a: number;
}

const NAMED: Record<string, string> = {
	white: '#ffffff', black: '#000000', snow: '#fffafa', ivory: '#fffff0', whitesmoke: '#f5f5f5', ghostwhite: '#f8f8ff',
	azure: '#f0ffff', mintcream: '#f5fffa', floralwhite: '#fffaf0', seashell: '#fff5ee', linen: '#faf0e6', honeydew: '#f0fff0',
	aliceblue: '#f0f8ff', lavenderblush: '#fff0f5', oldlace: '#fdf5e6', beige: '#f5f5dc', lightyellow: '#ffffe0', cornsilk: '#fff8dc',
	gray: '#808080', grey: '#808080', silver: '#c0c0c0', lightgray: '#d3d3d3', lightgrey: '#d3d3d3', gainsboro: '#dcdcdc',
	red: '#ff0000', green: '#008000', blue: '#0000ff', yellow: '#ffff00', navy: '#000080', maroon: '#800000', purple: '#800080',
};

/** `a:b; c:d` → Map, names and values lowercased, `!important` dropped. */
export function parseDeclarations(style: string): Declarations {
	const out: Declarations = new Map();
	// `display:/**/none` is display:none to a mail client.
	for (const part of style.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, '').split(';')) {
		const colon = part.indexOf(':');
		if (colon <= 0) continue;
		const name = part.slice(0, colon).trim().toLowerCase();
		const value = part.slice(colon + 1).replace(/!\s*important/i, '').trim().toLowerCase();
		if (name && value) out.set(name, value);
	}
	return out;
}

/** Rules of a `<style>` text; at-rule wrappers (@media …) are flattened, so their rules always apply. */
export function parseStylesheet(css: string): StyleRule[] {
	const rules: StyleRule[] = [];
	const text = css.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, ' ').replace(/<!--|-->/g, ' ');
	for (const match of text.matchAll(/([^{}]*)\{([^{}]*)\}/g)) {
		// What follows the last `;` (after `@import …;`, say) is the selector list.
		const selectors = (match[1] ?? '').split(';').pop() ?? '';
		const declarations = parseDeclarations(match[2] ?? '');
		if (declarations.size === 0) continue;
		for (const selector of selectors.split(',')) {
			const rule = parseSelector(selector.trim());
			if (rule) rules.push({ ...rule, declarations });
		}
	}
	return rules;
}

/** The last compound of a selector; null for states a reader does not start in (:hover) or nothing usable. */
function parseSelector(selector: string): Omit<StyleRule, 'declarations'> | null {
	if (selector === '' || selector.startsWith('@')) return null;
	const last = selector.split(/\s*[\s>+~]\s*/).filter(Boolean).pop() ?? '';
	if (/:(?!not\b|first-child|last-child|nth-)/.test(last.replace(/::?(?:before|after)$/, ''))) return null;
	const plain = last.replace(/\[[^\]]*\]|::?[\w-]+(?:\([^)]*\))?/g, '');
	const tag = /^[a-z][\w-]*/i.exec(plain)?.[0]?.toLowerCase() ?? null;
	const ids = [...plain.matchAll(/#([\w-]+)/g)].map((m) => m[1]!.toLowerCase());
	const classes = [...plain.matchAll(/\.([\w-]+)/g)].map((m) => m[1]!.toLowerCase());
	if (!tag && ids.length === 0 && classes.length === 0 && !plain.startsWith('*')) return null;
	return { tag: tag === '*' ? null : tag, ids, classes };
}

export function ruleMatches(rule: StyleRule, name: string, id: string, classes: readonly string[]): boolean {
	if (rule.tag && rule.tag !== name) return false;
	if (rule.ids.some((wanted) => wanted !== id)) return false;
	return rule.classes.every((wanted) => classes.includes(wanted));
}

/** A CSS colour, or null when unknown (unknown never hides anything). */
export function parseColor(value: string | undefined): Rgba | null {
	if (!value) return null;
	const text = value.trim().toLowerCase();
	if (text === 'transparent') return { r: 0, g: 0, b: 0, a: 0 };
	const hex = /^#([0-9a-f]{3,8})$/.exec(NAMED[text] ?? text)?.[1];
	if (hex) {
		const full = hex.length <= 4 ? [...hex].map((c) => c + c).join('') : hex;
		if (full.length !== 6 && full.length !== 8) return null;
		const at = (i: number) => parseInt(full.slice(i, i + 2), 16);
		return { r: at(0), g: at(2), b: at(4), a: full.length === 8 ? at(6) / 255 : 1 };
	}
	const hsl = /^hsla?\(\s*(-?[\d.]+)(?:deg)?[\s,]+([\d.]+)%[\s,]+([\d.]+)%(?:[\s,/]+([\d.]+%?))?\s*\)$/.exec(text);
	if (hsl) return fromHsl(Number(hsl[1]), Number(hsl[2]) / 100, Number(hsl[3]) / 100, hsl[4]);
	const fn = /^rgba?\(\s*([\d.]+%?)[\s,]+([\d.]+%?)[\s,]+([\d.]+%?)(?:[\s,/]+([\d.]+%?))?\s*\)$/.exec(text);
	if (!fn) return null;
	const channel = (raw: string) => (raw.endsWith('%') ? (parseFloat(raw) * 255) / 100 : parseFloat(raw));
	const alpha = fn[4] === undefined ? 1 : fn[4].endsWith('%') ? parseFloat(fn[4]) / 100 : parseFloat(fn[4]);
	return { r: channel(fn[1]!), g: channel(fn[2]!), b: channel(fn[3]!), a: alpha };
}

function fromHsl(hue: number, sat: number, light: number, alphaText: string | undefined): Rgba {
	const k = (n: number) => (n + hue / 30) % 12;
	const a = sat * Math.min(light, 1 - light);
	const f = (n: number) => 255 * (light - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1)));
	const alpha = alphaText === undefined ? 1 : alphaText.endsWith('%') ? parseFloat(alphaText) / 100 : parseFloat(alphaText);
	return { r: f(0), g: f(8), b: f(4), a: alpha };
}

/** The first colour in a `background:` shorthand. */
export function readBackground(declarations: Declarations): Rgba | null {
	const direct = parseColor(declarations.get('background-color'));
	if (direct) return direct;
	for (const word of (declarations.get('background') ?? '').split(/\s+(?![^(]*\))/)) {
		const color = parseColor(word);
		if (color) return color;
	}
	return null;
}

/** WCAG contrast ratio of two opaque colours (1 = identical, 21 = black on white). */
export function contrastRatio(a: Rgba, b: Rgba): number {
	const luminance = ({ r, g, b: blue }: Rgba) => {
		const lin = (c: number) => {
			const s = c / 255;
			return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
		};
		return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(blue);
	};
	const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
	return (hi + 0.05) / (lo + 0.05);
}

/** A length in px (px, pt, em/rem at 16px, %, unitless); null when not a length. */
export function readPx(value: string | undefined): number | null {
	const match = /^(-?[\d.]+)(px|pt|em|rem|%|)?$/.exec((value ?? '').trim());
	if (!match) return null;
	const n = parseFloat(match[1]!);
	if (!Number.isFinite(n)) return null;
	return match[2] === 'pt' ? (n * 4) / 3 : match[2] === 'em' || match[2] === 'rem' ? n * 16 : match[2] === '%' ? (n * 16) / 100 : n;
}
