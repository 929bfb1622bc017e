/**
 * The RFC 8601 grammar of an Authentication-Results header: authserv-id,
 * optional version, then `method=result ptype.property=value` clauses, with
 * comments, quoted strings and folding. Strict: a line that does not follow
 * it is null, never half-read (auth-results.ts decides what a result means).
 */

/** One `method=result ptype.property=value …` clause; property names lowercased. */
export interface ResultInfo {
	method: string;
	result: string;
	props: Map<string, string>;
}

export interface AuthResults {
	authservId: string;
	version: string | null;
	results: ResultInfo[];
}

interface Token {
	text: string;
	quoted: boolean;
}

/** Parse an `Authentication-Results:` line (folded or not); null if it does not follow RFC 8601. */
export function parseAuthResults(line: string): AuthResults | null {
	const colon = line.indexOf(':');
	const tokens = tokenize(line.slice(colon + 1).replace(/\r?\n(?=[ \t])/g, ''));
	if (tokens === null) return null;
	const segments = splitSegments(tokens);
	const head = segments[0] ?? [];
	const id = head[0];
	if (id === undefined || (!id.quoted && id.text.includes('='))) return null;
	const version = head[1];
	if (head.length > 2 || (version !== undefined && (version.quoted || !/^\d+$/.test(version.text)))) return null;
	const rest = segments.slice(1);
	const isNone = rest.length === 1 && rest[0]?.length === 1 && rest[0][0]?.text.toLowerCase() === 'none';
	const results = isNone ? [] : rest.map(parseResultInfo).filter((r): r is ResultInfo => r !== null);
	return { authservId: id.text, version: version?.text ?? null, results };
}

/** Split on `;` tokens. */
function splitSegments(tokens: Token[]): Token[][] {
	const segments: Token[][] = [[]];
	for (const token of tokens) {
		if (!token.quoted && token.text === ';') segments.push([]);
		else segments[segments.length - 1]?.push(token);
	}
	return segments;
}

/**
 * `method[/version]=result [reason=…] [ptype.property=value …]`. A clause
 * that does not parse is dropped: it can only lose a pass, never make one.
 */
function parseResultInfo(tokens: Token[]): ResultInfo | null {
	const pairs = readPairs(tokens);
	const first = pairs?.[0];
	if (!pairs || !first) return null;
	const method = first[0].split('/')[0]?.trim().toLowerCase() ?? '';
	const props = new Map<string, string>();
	// Only ptype.property pairs matter; others (reason=, Microsoft's action=) are kept but never read.
	for (const [name, value] of pairs.slice(1)) {
		const key = name.toLowerCase();
		if (!props.has(key)) props.set(key, value);
	}
	return { method, result: first[1].toLowerCase(), props };
}

/** Read `name=value` pairs, allowing space around `=` (CFWS) and quoted values. */
function readPairs(tokens: Token[]): Array<[string, string]> | null {
	const pairs: Array<[string, string]> = [];
	let i = 0;
	while (i < tokens.length) {
		const nameToken = tokens[i];
		if (!nameToken || nameToken.quoted) return null;
		let name = nameToken.text;
		let value: string | undefined;
		i += 1;
		const eq = name.indexOf('=');
		if (eq >= 0) {
			value = name.slice(eq + 1);
			name = name.slice(0, eq);
		} else if (tokens[i] && !tokens[i]?.quoted && tokens[i]?.text.startsWith('=')) {
			value = tokens[i]?.text.slice(1);
			i += 1;
		} else {
			return null;
		}
		if (value === '') {
			value = tokens[i]?.text;
			i += 1;
		}
		if (name === '' || value === undefined || value === '') return null;
		pairs.push([name, value]);
	}
	return pairs;
}

/**
 * Words, quoted strings and `;`, with comments (nested, with quoted-pairs)
 * and whitespace dropped. Null on an unterminated comment or quote.
 */
function tokenize(value: string): Token[] | null {
	const tokens: Token[] = [];
	let word = '';
	const flush = (): void => {
		if (word !== '') tokens.push({ text: word, quoted: false });
		word = '';
	};
	for (let i = 0; i < value.length; i++) {
		const char = value[i] ?? '';
		if (char === '(') {
			flush();
			let depth = 0;
			for (; i < value.length; i++) {
				const c = value[i];
				if (c === '\\') i += 1;
				else if (c === '(') depth += 1;
				else if (c === ')' && --depth === 0) break;
			}
			if (depth !== 0) return null;
		} else if (char === '"') {
			flush();
			let text = '';
			for (i += 1; i < value.length && value[i] !== '"'; i++) text += value[i] === '\\' ? (value[++i] ?? '') : value[i];
			if (i >= value.length) return null;
			tokens.push({ text, quoted: true });
		} else if (char === ';') {
			flush();
			tokens.push({ text: ';', quoted: false });
		} else if (/\s/.test(char)) {
			flush();
		} else {
			word += char;
		}
	}
	flush();
	return tokens;
}
