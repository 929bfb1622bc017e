import Conf from 'conf';
import { TaskPingError } from '../errors.js';
import { ensurePrivateDir } from '../fs/atomic.js';
import { resolvePaths, type Paths } from '../fs/paths.js';
import { FIELDS, requireField, type Field } from './fields.js';
import { coerceValue } from './validate.js';

/*
 * Writing settings goes through conf (schema-checked, mode 0600, atomic).
 * Only the commands that write load it; reading is load.ts.
 */

/** JSON schema for conf, generated from the one field table so the two cannot drift. */
function buildSchema() {
	const typeOf = (field: Field) =>
		({ port: { type: 'integer', minimum: 1, maximum: 65535 }, number: { type: 'number', exclusiveMinimum: 0 }, boolean: { type: 'boolean' }, list: { type: 'array', items: { type: 'string' } }, string: { type: 'string' }, secret: { type: 'string' }, enum: { type: 'string' } })[field.type];
	const schema: Record<string, { type: 'object'; properties: Record<string, unknown> } | unknown> = {};
	for (const field of FIELDS) {
		const [head, tail] = field.key.split('.') as [string, string | undefined];
		if (tail === undefined) schema[head] = typeOf(field);
		else {
			const group = (schema[head] ??= { type: 'object', properties: {} }) as { properties: Record<string, unknown> };
			group.properties[tail] = typeOf(field);
		}
	}
	return schema;
}

/** The stored settings file (config.json, mode 0600 in a 0700 dir), schema-checked by conf. */
export function openStore(paths: Paths = resolvePaths()): Conf<Record<string, unknown>> {
	ensurePrivateDir(paths.configDir);
	try {
		return new Conf<Record<string, unknown>>({
			cwd: paths.configDir,
			configName: 'config',
			configFileMode: 0o600,
			projectSuffix: '',
			schema: buildSchema() as never,
			clearInvalidConfig: false,
		});
	} catch (error) {
		throw new TaskPingError('config-invalid', `${paths.configFile} is invalid (${(error as Error).message}).`, { cause: error, fix: 'correct it with taskping config set, or move it aside.' });
	}
}

/** `taskping config set KEY VALUE`: validates the value before storing it. */
export function setSetting(name: string, value: string, paths: Paths = resolvePaths()): Field {
	const field = requireField(name);
	openStore(paths).set(field.key, coerceValue(field, value));
	return field;
}
