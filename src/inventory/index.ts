// Public API of the inventory module: load, validate, preflight, resolve secrets.
export type * from './types.js';
export { VIP_NAMES } from './types.js';
export {
  loadInventory,
  loadInventoryWithSource,
  type LineLookup,
  type LoadEnv,
  type LoadedInventory,
} from './load.js';
export { preflight, hasBlockingIssues, PREFLIGHT_CHECKS } from './preflight.js';
export {
  resolveSecrets,
  resolveSecretsWithWarnings,
  readSecretFile,
  secretValues,
  MAX_AUTH_PASS_LENGTH,
  MAX_SECRET_FILE_BYTES,
  type SecretDeps,
} from './secrets.js';
export { lintInventory, type LintOptions, type LintResult } from './lint.js';
export { DEFAULTS } from './build.js';
export { limitIssues } from './limit.js';
export { readBoundedText } from './bounded-read.js';
