// Build step after tsc: every JSON schema's validator (ajv standalone code), compiled ahead of
// time into dist/ so that a haka command does not compile schemas at start-up. Each output
// carries a hash of its schema; a stale output is ignored at run time (src/schema/validators.ts),
// never trusted.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ALL_SCHEMAS } from '../dist/src/schema/registry.js';
import { precompiledFile, standaloneSource } from '../dist/src/schema/validators.js';

for (const schema of ALL_SCHEMAS)
  writeFileSync(
    fileURLToPath(import.meta.resolve(`../dist/src/schema/${precompiledFile(schema)}`)),
    standaloneSource(schema),
  );
