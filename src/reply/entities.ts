/**
 * HTML character references by the HTML standard's full table (the
 * maintained `entities` package: all ~2,200 names, the legacy names that
 * work without a semicolon, numeric references with the standard's
 * replacements). Used where a plain part carries escaped text; HTML parts
 * are decoded by the parser itself (html-tree.ts).
 */
import { decodeHTML } from 'entities';

/** Decodes references in text the way a browser does in ordinary text content. */
export function decodeEntities(text: string): string {
	if (!text.includes('&')) return text;
	return decodeHTML(text);
}
