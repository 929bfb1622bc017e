/**
 * Whether text stands out from what it is drawn on, computed along the
 * ancestors as a browser does: the text colour is inherited (a link takes the
 * body's link colours), the background is the nearest one declared on the
 * element or an ancestor (style, bgcolor, <mark>). White text on a dark
 * signature banner or Gmail's "white text, blue highlight" reads; white on
 * white does not. A <style> rule's colours may land on any element (the cascade
 * is not modelled), so the text must read in each of them and on each of its
 * backgrounds too. Forms are checked by the allow-list (css-values.ts) first.
 */
import type { HtmlElement } from '../reply/html-tree.js';
import { contrastRatio, parseColor, type Rgba } from './css-colors.js';
import type { Declaration, Stylesheet } from './css-style.js';
import { MIN_TEXT_CONTRAST } from './css-values.js';

/** Candidate text colours (a link may show in its link or its visited colour) and the background under them. */
export interface Paint {
	ink: readonly Rgba[];
	ground: Rgba;
	/** The body's link and visited-link colours (<body link vlink>), inherited to every link below. */
	links: readonly Rgba[];
}

const BLACK: Rgba = { r: 0, g: 0, b: 0, a: 1 };
const WHITE: Rgba = { r: 255, g: 255, b: 255, a: 1 };
/** Browsers' unvisited and visited link colours. */
const LINKS: readonly Rgba[] = [{ r: 0, g: 0, b: 238, a: 1 }, { r: 85, g: 26, b: 139, a: 1 }];
const MARK: Rgba = { r: 255, g: 255, b: 0, a: 1 };

export const PAGE: Paint = { ink: [BLACK], ground: WHITE, links: LINKS };

/** The paint of the element's text, given its parent's. */
export function paintInside(el: HtmlElement, parent: Paint, declarations: readonly Declaration[] | null): Paint {
	let { ink, ground, links } = parent;
	if (el.name === 'body') {
		const link = color(el.attrs.link);
		const vlink = color(el.attrs.vlink);
		if (link || vlink) links = [link ?? LINKS[0]!, vlink ?? LINKS[1]!];
		ink = colorOr(el.attrs.text, ink);
	}
	if (el.name === 'a' && el.attrs.href !== undefined) ink = links;
	if (el.name === 'mark') [ink, ground] = [[BLACK], MARK];
	if (el.name === 'font') ink = colorOr(el.attrs.color, ink);
	ground = color(el.attrs.bgcolor) ?? ground;
	if (declarations) {
		for (const { name, value } of declarations) {
			if (name === 'color') ink = colorOr(value, ink);
			else if (name === 'background-color' || name === 'background') ground = color(value) ?? ground;
		}
	}
	return ink === parent.ink && ground === parent.ground && links === parent.links ? parent : { ink, ground, links };
}

function colorOr(value: string | undefined, ink: readonly Rgba[]): readonly Rgba[] {
	if (value !== undefined && /^\s*windowtext\s*$/i.test(value)) return [BLACK];
	const c = color(value);
	return c ? [c] : ink;
}

/** An opaque colour, or null for transparent, currentcolor, inherit and the like (they keep what is there). */
function color(value: string | undefined): Rgba | null {
	if (value !== undefined && /^\s*window\s*$/i.test(value)) return WHITE;
	const c = parseColor(value);
	return c && c.a === 1 ? c : null;
}

/** Below this size (px) pale text fades away sooner (WCAG, too, asks more of small text than of large). */
const SMALL_PX = 12;
const MIN_SMALL_TEXT_CONTRAST = 2;

/** Why text in this paint, drawn `px` high, may not be seen; null when every candidate colour stands out from every candidate background. */
export function checkContrast(paint: Paint, sheet: Stylesheet, px: number): string | null {
	const grounds = [paint.ground, ...sheet.backgrounds];
	const min = px < SMALL_PX ? MIN_SMALL_TEXT_CONTRAST : MIN_TEXT_CONTRAST;
	for (const ink of [...paint.ink, ...sheet.colors]) {
		for (const ground of grounds) {
			const ratio = contrastRatio(ink, ground);
			if (ratio < min) return `text coloured ${hex(ink)} on ${hex(ground)} at ${px.toFixed(0)}px (contrast ${ratio.toFixed(2)}, below ${min}) may not be seen: send it in an ordinary colour, or as plain text`;
		}
	}
	return null;
}

function hex({ r, g, b }: Rgba): string {
	return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}
