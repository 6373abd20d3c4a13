// Reads inventory.yaml: YAML + schema problems become ONE ConfigError listing them all.
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { ConfigError, type ConfigIssue } from '../errors.js';
import { readBoundedText, sizeText } from './bounded-read.js';
import { buildInventory } from './build.js';
import type { RawInventory } from './raw-types.js';
import { schemaIssues } from './schema-issues.js';
import { SourceMap } from './source-map.js';
import type { Inventory } from './types.js';
import { inventoryValidator } from './validator.js';
import { aliasIssue, duplicateKeyIssue, yamlErrorIssue } from './yaml-issues.js';

/** Far above any real inventory (a few KiB), far below what could exhaust memory. */
export const MAX_INVENTORY_BYTES = 1024 * 1024;
/** Aliases resolved while reading the data: an alias bomb stops here, a real file needs few. */
export const MAX_ALIAS_COUNT = 100;

export interface LoadEnv {
  /** Where `~` points; defaults to the current user's home. */
  home: string;
}

/** Line of a field (dotted path like `hosts.lb1.priority.api`), or of its nearest written ancestor. */
export type LineLookup = (field: string) => number | null;

export interface LoadedInventory {
  inventory: Inventory;
  lines: LineLookup;
  source: SourceMap;
  /** Non-blocking findings from parsing (YAML warnings). */
  warnings: ConfigIssue[];
}

let validator: ValidateFunction<RawInventory> | null = null;

// Once, lazily: ahead of time when the build made the validator (validator.ts).
function validate(): ValidateFunction<RawInventory> {
  validator ??= inventoryValidator();
  return validator;
}

function readInventory(file: string): string {
  try {
    return readBoundedText(file, MAX_INVENTORY_BYTES).text;
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new ConfigError([
      {
        file,
        line: null,
        field: '(file)',
        message: `cannot read the inventory: ${reason}`,
        fix: `give --inventory (default ./inventory.yaml) a readable regular file of at most ${sizeText(MAX_INVENTORY_BYTES)}`,
        severity: 'error',
      },
    ]);
  }
}

const byPosition = (a: ConfigIssue, b: ConfigIssue): number =>
  (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);

/** `~` in paths (and the default known_hosts) needs a home: without one, say how to give it. */
function homeOf(file: string): string {
  try {
    return homedir();
  } catch {
    throw new ConfigError([
      {
        file,
        line: null,
        field: '(home)',
        message: `no home folder: HOME is unset and user ID ${process.getuid?.() ?? '?'} has no passwd entry, so ~ in paths (and the default knownHostsFile ~/.ssh/known_hosts) cannot be expanded`,
        fix: 'set HOME=/some/folder for haka, or run it as a user with a passwd entry',
        severity: 'error',
      },
    ]);
  }
}

/** The document as plain data; an undefined alias or an alias bomb is a located ConfigError. */
function plainData(doc: Document, file: string, lineCounter: LineCounter): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    throw new ConfigError([aliasIssue(file, doc, lineCounter, error)]);
  }
}

/** Like loadInventory, and keeps where each field stands so later findings can name lines. */
export function loadInventoryWithSource(
  path: string,
  text?: string,
  env?: LoadEnv,
): LoadedInventory {
  const file = resolve(path);
  const content = text ?? readInventory(file);
  const lineCounter = new LineCounter();
  // uniqueKeys off: SourceMap reports duplicates itself, with the field and both lines.
  const doc = parseDocument(content, { lineCounter, uniqueKeys: false, prettyErrors: true });
  const source = new SourceMap(doc, lineCounter);
  const warnings = doc.warnings.map((w) => yamlErrorIssue(file, w, 'warning'));
  const errors: ConfigIssue[] = [
    ...doc.errors.map((e) => yamlErrorIssue(file, e, 'error')),
    ...source.duplicates.map((d) => duplicateKeyIssue(file, d)),
  ];
  // After a syntax error the tree is a guess: schema findings on it would only add noise.
  if (doc.errors.length === 0) {
    const data = plainData(doc, file, lineCounter);
    const check = validate();
    if (check(data) && errors.length === 0) {
      const inventory = buildInventory(data, file, env?.home ?? homeOf(file));
      return { inventory, lines: (field) => source.line(field), source, warnings };
    }
    errors.push(...schemaIssues(file, check.errors ?? [], data, source));
  }
  throw new ConfigError([...errors, ...warnings].sort(byPosition));
}

/** Reads (or takes `text`), parses, validates and applies defaults; throws ConfigError. */
export function loadInventory(path: string, text?: string, env?: LoadEnv): Inventory {
  return loadInventoryWithSource(path, text, env).inventory;
}
