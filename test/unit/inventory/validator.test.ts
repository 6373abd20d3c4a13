// The validator the build compiles ahead of time behaves exactly like the one compiled at run time.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ValidateFunction } from 'ajv';
import {
  inventoryValidator,
  schemaHash,
  validatorModuleSource,
} from '../../../src/inventory/validator.js';

// Inside the repository, so that the module's require('ajv/dist/runtime/...') resolves.
mkdirSync('node_modules/.cache', { recursive: true });
const dir = mkdtempSync(resolve('node_modules/.cache/haka-validator-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function loadModule(): ValidateFunction & { schemaHash: string } {
  const path = join(dir, 'inventory-validator.cjs');
  writeFileSync(path, validatorModuleSource());
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
    expect(precompiled.schemaHash).toBe(schemaHash());
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
