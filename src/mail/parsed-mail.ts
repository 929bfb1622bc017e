/**
 * Reading a mail as mailparser hands it over, in one place: a header as text whatever shape
 * mailparser gave it, and the From address. Used by the watcher's claim, the header stage,
 * the automated-mail check and init's authserv-id reader.
 */
import type { ParsedMail } from 'mailparser';

function stringify(value: unknown): string {
	if (typeof value === 'string') return value;
	if (Array.isArray(value)) return value.map(stringify).join(', ');
	if (value instanceof Date) return value.toISOString();
	if (value && typeof value === 'object') {
		const record = value as { value?: unknown; text?: unknown };
		if (typeof record.value === 'string') return record.value;
		if (typeof record.text === 'string') return record.text;
	}
	return '';
}

/** A header as one string whatever mailparser made of it (string, array, {value}, date); '' when absent. */
export function readHeader(headers: ParsedMail['headers'] | undefined, name: string): string {
	return stringify(typeof headers?.get === 'function' ? (headers.get(name) as unknown) : undefined);
}

/** The first address of a From header as written (mailparser's address object), or undefined. */
export function fromAddress(from: unknown): string | undefined {
	if (!from || typeof from !== 'object' || !('value' in from) || !Array.isArray(from.value)) return undefined;
	const first = from.value[0] as { address?: unknown } | undefined;
	return typeof first?.address === 'string' ? first.address : undefined;
}
