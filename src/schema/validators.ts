// Validators for haka's JSON schemas (the inventory, and the state files haka keeps on a host),
// compiled ahead of time when they can be: compiling a schema with ajv costs more CPU than
// everything else a `haka check` does on the controller. The build writes ajv's standalone code
// for each schema beside this module (NAME-validator.cjs, see scripts/precompile.mjs), stamped
// with a hash of the schema it was made from; a stale or missing file falls back to compiling at
// run time, so the result is the same validator either way.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Ajv as AjvClass, ErrorObject, ValidateFunction } from 'ajv';

const require = createRequire(import.meta.url);
const OPTIONS = { allErrors: true, verbose: true, strict: true } as const;

export interface NamedSchema {
  /** Names the precompiled file: NAME-validator.cjs. */
  name: string;
  schema: object;
}

export function precompiledFile(s: NamedSchema): string {
  return `${s.name}-validator.cjs`;
}

export function schemaHash(s: NamedSchema): string {
  return createHash('sha256').update(JSON.stringify(s.schema)).digest('hex');
}

function compile<T>(
  s: NamedSchema,
  source: boolean,
): { ajv: AjvClass; validate: ValidateFunction<T> } {
  const { Ajv } = require('ajv') as typeof import('ajv');
  const ajv = new Ajv({ ...OPTIONS, code: { source } });
  return { ajv, validate: ajv.compile<T>(s.schema) };
}

/** ajv's standalone module for the schema (CommonJS), with the schema's hash as `schemaHash`. */
export function standaloneSource(s: NamedSchema): string {
  const standalone =
    require('ajv/dist/standalone/index.js') as typeof import('ajv/dist/standalone/index.js');
  const { ajv, validate } = compile(s, true);
  return `${standalone.default(ajv, validate)}\nmodule.exports.schemaHash = ${JSON.stringify(schemaHash(s))};\n`;
}

type Precompiled<T> = ValidateFunction<T> & { schemaHash?: string };
const cache = new Map<string, ValidateFunction<unknown>>();

export function validatorFor<T>(s: NamedSchema): ValidateFunction<T> {
  const known = cache.get(s.name);
  if (known) return known as ValidateFunction<T>;
  let precompiled: Precompiled<T> | null = null;
  try {
    precompiled = require(`./${precompiledFile(s)}`) as Precompiled<T>;
  } catch {
    precompiled = null; // running from source (tests, tsx): there is no build output
  }
  const validate =
    precompiled && precompiled.schemaHash === schemaHash(s)
      ? precompiled
      : compile<T>(s, false).validate;
  cache.set(s.name, validate as ValidateFunction<unknown>);
  return validate;
}

/** ajv's first error in words: "/files/x/original must be string,null" ("the document" at the top). */
export function firstError(errors: ErrorObject[] | null | undefined): string {
  const e = errors?.[0];
  if (!e) return 'does not match its schema';
  return `${e.instancePath || 'the document'} ${e.message ?? 'is invalid'}`;
}
