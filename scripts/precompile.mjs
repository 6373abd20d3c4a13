// Build step after tsc: the inventory validator (ajv standalone code), compiled ahead of time into
// dist/ so that a haka command does not compile the schema at start-up. The output carries a hash
// of the schema; a stale output is ignored at run time (src/inventory/validator.ts), never trusted.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PRECOMPILED_VALIDATOR, validatorModuleSource } from '../dist/src/inventory/validator.js';

writeFileSync(
  fileURLToPath(import.meta.resolve(`../dist/src/inventory/${PRECOMPILED_VALIDATOR}`)),
  validatorModuleSource(),
);
