// Every schema the build precompiles (scripts/precompile.mjs).
import { INVENTORY_SCHEMA } from '../inventory/validator.js';
import {
  LOCK_SCHEMA,
  MANIFEST_SCHEMA,
  PENDING_SCHEMA,
  RUN_RECORD_SCHEMA,
} from './state-schemas.js';
import type { NamedSchema } from './validators.js';

export const ALL_SCHEMAS: readonly NamedSchema[] = [
  INVENTORY_SCHEMA,
  MANIFEST_SCHEMA,
  PENDING_SCHEMA,
  LOCK_SCHEMA,
  RUN_RECORD_SCHEMA,
];
