// The inventory schema's validator, compiled ahead of time when it can be: compiling the schema
// with ajv costs more CPU than everything else a `haka check` does on the controller. The build
// writes ajv's standalone code for the schema beside this module (inventory-validator.cjs, see
// scripts/precompile.mjs), stamped with a hash of the schema it was made from; a stale or missing
// file falls back to compiling at run time, so the result is the same validator either way.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Ajv as AjvClass, ValidateFunction } from 'ajv';
import type { RawInventory } from './raw-types.js';
import { inventorySchema } from './schema.js';

const require = createRequire(import.meta.url);
export const PRECOMPILED_VALIDATOR = 'inventory-validator.cjs';
const OPTIONS = { allErrors: true, verbose: true, strict: true } as const;

export function schemaHash(): string {
  return createHash('sha256').update(JSON.stringify(inventorySchema)).digest('hex');
}

function compile(source: boolean): { ajv: AjvClass; validate: ValidateFunction<RawInventory> } {
  const { Ajv } = require('ajv') as typeof import('ajv');
  const ajv = new Ajv({ ...OPTIONS, code: { source } });
  return { ajv, validate: ajv.compile<RawInventory>(inventorySchema) };
}

/** ajv's standalone module for the schema (CommonJS), with the schema's hash as `schemaHash`. */
export function validatorModuleSource(): string {
  const standalone =
    require('ajv/dist/standalone/index.js') as typeof import('ajv/dist/standalone/index.js');
  const { ajv, validate } = compile(true);
  return `${standalone.default(ajv, validate)}\nmodule.exports.schemaHash = ${JSON.stringify(schemaHash())};\n`;
}

type Precompiled = ValidateFunction<RawInventory> & { schemaHash?: string };

export function inventoryValidator(): ValidateFunction<RawInventory> {
  let precompiled: Precompiled | null = null;
  try {
    precompiled = require(`./${PRECOMPILED_VALIDATOR}`) as Precompiled;
  } catch {
    precompiled = null; // running from source (tests, tsx): there is no build output
  }
  if (precompiled && precompiled.schemaHash === schemaHash()) return precompiled;
  return compile(false).validate;
}
