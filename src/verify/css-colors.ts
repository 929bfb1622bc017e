/**
 * CSS colours as mail clients write them (#hex, rgb()/rgba(), hsl(), a short
 * table of names) and the WCAG contrast between two. A colour outside these
 * forms is unknown, and an unknown colour is refused by the caller, never
 * guessed at.
 */
export interface Rgba {
	r: number;
	g: number;
	b: number;
	a: number;
}

const NAMED: Record<string, string> = {
	white: '#ffffff', black: '#000000', gray: '#808080', grey: '#808080', silver: '#c0c0c0', darkgray: '#a9a9a9', darkgrey: '#a9a9a9',
	dimgray: '#696969', dimgrey: '#696969', lightgray: '#d3d3d3', lightgrey: '#d3d3d3', gainsboro: '#dcdcdc', whitesmoke: '#f5f5f5',
	red: '#ff0000', green: '#008000', blue: '#0000ff', navy: '#000080', maroon: '#800000', purple: '#800080', teal: '#008080',
	olive: '#808000', darkblue: '#00008b', darkred: '#8b0000', darkgreen: '#006400', yellow: '#ffff00', orange: '#ffa500',
	snow: '#fffafa', ivory: '#fffff0', azure: '#f0ffff', beige: '#f5f5dc', linen: '#faf0e6', lightyellow: '#ffffe0',
};

/** A CSS colour, or null when it is not one of the forms read here. */
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
	const fn = /^rgba?\(\s*(\d{1,3}(?:\.\d+)?%?)\s*[,\s]\s*(\d{1,3}(?:\.\d+)?%?)\s*[,\s]\s*(\d{1,3}(?:\.\d+)?%?)\s*(?:[,/]\s*(\d*\.?\d+%?)\s*)?\)$/.exec(text);
	if (!fn) return null;
	const channel = (raw: string) => Math.min(255, raw.endsWith('%') ? (parseFloat(raw) * 255) / 100 : parseFloat(raw));
	const alpha = fn[4] === undefined ? 1 : fn[4].endsWith('%') ? parseFloat(fn[4]) / 100 : parseFloat(fn[4]);
	return { r: channel(fn[1]!), g: channel(fn[2]!), b: channel(fn[3]!), a: alpha };
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
