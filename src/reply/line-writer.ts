/**
 * Builds text lines the way a browser lays out blocks: a block boundary ends
 * the current line (never adds a blank one), <br> always ends a line, and a
 * spaced paragraph leaves one blank line before the next content.
 */
/**
 * Starts a line of the user's own quote. NUL never reaches a text node of
 * parse5's tree, so the reply reader knows these lines were quoted by the
 * user (html-history.ts decided), not by a client, and turns the prefix into
 * the ">" a plain-text client shows (extract.ts).
 */
export const USER_QUOTE = '\u0000>';

export class LineWriter {
	/** How deep inside the user's own quotes the text is: each level is one ">" before the line. */
	quoteDepth = 0;
	private lines: string[] = [];
	// The current line as pieces: appending to one long string and asking it
	// endsWith() flattens it every time, which is quadratic on long lines.
	private pieces: string[] = [];
	private last = '';
	private gapPending = false;

	private get current(): string {
		return this.pieces.join('');
	}

	/** Adds text; outside <pre>, runs of ASCII whitespace collapse to one space (&nbsp; never does). */
	text(raw: string, preformatted: boolean): void {
		if (preformatted) {
			const parts = raw.replace(/\r\n?/g, '\n').split('\n');
			parts.forEach((part, i) => {
				if (i > 0) this.lineBreak();
				if (part) this.append(part);
			});
			return;
		}
		let text = raw.replace(/[ \t\n\r\f]+/g, ' ');
		if (this.pieces.length === 0 || this.last === ' ') text = text.replace(/^ /, '');
		if (text) this.append(text);
	}

	/** A cell separator inside a table row. */
	space(): void {
		if (this.pieces.length > 0 && this.last !== ' ') this.append(' ');
	}

	lineBreak(): void {
		this.openGap();
		this.push(this.current);
		this.reset();
	}

	boundary(): void {
		const line = this.current;
		if (line.trim() !== '' || line.includes('\u00a0')) this.push(line);
		this.reset();
	}

	paragraph(): void {
		this.boundary();
		this.gapPending = this.lines.length > 0;
	}

	/** A line of its own that stands for something removed. */
	marker(line: string): void {
		this.boundary();
		this.gapPending = false;
		this.lines.push(line);
	}

	finish(): string {
		this.boundary();
		// trimEnd, not /\s+$/ (quadratic on a long run of spaces inside a line).
		return this.lines.map((line) => line.trimEnd()).join('\n');
	}

	private append(text: string): void {
		this.openGap();
		this.pieces.push(text);
		this.last = text[text.length - 1] ?? this.last;
	}

	private reset(): void {
		this.pieces = [];
		this.last = '';
	}

	private openGap(): void {
		if (!this.gapPending) return;
		this.gapPending = false;
		const last = this.lines[this.lines.length - 1];
		if (last !== undefined && last !== '' && last !== this.prefix().trimEnd()) this.push('');
	}

	/** A line of text, inside the user's quotes when there are any ("> > text", a blank quoted line as ">"). */
	private push(line: string): void {
		if (this.quoteDepth === 0) this.lines.push(line);
		else this.lines.push(line === '' ? this.prefix().trimEnd() : this.prefix() + line);
	}

	private prefix(): string {
		return this.quoteDepth === 0 ? '' : USER_QUOTE + ' ' + '> '.repeat(this.quoteDepth - 1);
	}
}
