// The inventory schema's validator: precompiled by the build when it can be (src/schema/validators.ts).
import type { ValidateFunction } from 'ajv';
import { validatorFor, type NamedSchema } from '../schema/validators.js';
import type { RawInventory } from './raw-types.js';
import { inventorySchema } from './schema.js';

export const INVENTORY_SCHEMA: NamedSchema = { name: 'inventory', schema: inventorySchema };

export function inventoryValidator(): ValidateFunction<RawInventory> {
  return validatorFor<RawInventory>(INVENTORY_SCHEMA);
}
