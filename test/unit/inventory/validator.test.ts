// The validator the build compiles ahead of time behaves exactly like the one compiled at run time.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ValidateFunction } from 'ajv';
import { INVENTORY_SCHEMA, inventoryValidator } from '../../../src/inventory/validator.js';
import { ALL_SCHEMAS } from '../../../src/schema/registry.js';
import { schemaHash, standaloneSource, validatorFor } from '../../../src/schema/validators.js';

// Inside the repository, so that the module's require('ajv/dist/runtime/...') resolves.
mkdirSync('node_modules/.cache', { recursive: true });
const dir = mkdtempSync(resolve('node_modules/.cache/haka-validator-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function loadModule(schema = INVENTORY_SCHEMA): ValidateFunction & { schemaHash: string } {
  const path = join(dir, `${schema.name}-validator.cjs`);
  writeFileSync(path, standaloneSource(schema));
  return createRequire(import.meta.url)(path) as ValidateFunction & { schemaHash: string };
}

const folder = 'fixtures/inventories/schema';
const documents = [
  ['lab.yaml', parse(readFileSync('fixtures/inventories/lab.yaml', 'utf8')) as unknown],
  ...readdirSync(folder)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => {
      try {
        return [
          [f, parse(readFileSync(join(folder, f), 'utf8'), { uniqueKeys: false }) as unknown],
        ];
      } catch {
        return []; // a YAML syntax fixture never reaches the schema
      }
    }),
] as const;

describe('ahead-of-time inventory validator', () => {
  const precompiled = loadModule();
  const runtime = inventoryValidator(); // from source: no build output, compiled here

  it('is stamped with the hash of the schema it was made from', () => {
    expect(precompiled.schemaHash).toBe(schemaHash(INVENTORY_SCHEMA));
  });

  it.each(documents.map(([name, doc]) => [name, doc] as const))(
    '%s: same verdict and same errors',
    (_name, doc) => {
      expect(precompiled(doc)).toBe(runtime(doc));
      expect(precompiled.errors ?? null).toEqual(runtime.errors ?? null);
    },
  );

  it('finds errors in the broken fixtures (the comparison is not vacuous)', () => {
    expect(documents.filter(([, doc]) => !precompiled(doc)).length).toBeGreaterThanOrEqual(5);
  });
});

describe('every schema the build precompiles', () => {
  it.each(ALL_SCHEMAS.map((s) => [s.name, s] as const))(
    '%s: compiles standalone, stamped with its hash, same verdicts as at run time',
    (_name, schema) => {
      const precompiled = loadModule(schema);
      expect(precompiled.schemaHash).toBe(schemaHash(schema));
      const runtime = validatorFor(schema);
      for (const doc of [{}, null, 'x', { format: 1 }])
        expect(precompiled(doc), JSON.stringify(doc)).toBe(runtime(doc));
    },
  );
});
