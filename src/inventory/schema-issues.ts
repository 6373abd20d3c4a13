// Turns ajv's errors into sentences a human understands, each with the line of the field.
import type { ErrorObject, SchemaObject } from 'ajv';
import type { ConfigIssue } from '../errors.js';
import { closestName } from './did-you-mean.js';
import { formatField, type FieldPath, type Position, type SourceMap } from './source-map.js';

export const ROOT_FIELD = '(root)';

interface Described {
  field: string;
  at: Position | null;
  message: string;
  fix: string;
}

/** `/hosts/lb1/priority` → ['hosts', 'lb1', 'priority'], numbers only where the data is a list. */
function pathOf(instancePath: string, data: unknown): FieldPath {
  const path: (string | number)[] = [];
  let current = data;
  for (const raw of instancePath.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      path.push(Number(segment));
      current = current[Number(segment)];
    } else {
      path.push(segment);
      current = isRecord(current) ? current[segment] : undefined;
    }
  }
  return path;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value as it would read in YAML flow style: `{ master1: 10.17.4.21 }`, `[6443]`, `"x"`. */
function flow(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flow).join(', ')}]`;
  if (isRecord(value)) {
    const entries = Object.entries(value).map(([k, v]) => `${k}: ${flow(v)}`);
    return `{ ${entries.join(', ')} }`;
  }
  return String(value);
}

/** Stands for a value that is never quoted: whatever sits in a secret field may be the secret. */
const HIDDEN = Symbol('hidden');

function got(value: unknown): string {
  if (value === HIDDEN) return 'a value that is not shown (it may be a secret)';
  if (value === null || value === undefined) return 'nothing (an empty value)';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `a list ${flow(value)}`;
  if (isRecord(value)) return 'a mapping';
  return String(value);
}

const TYPE_PHRASES: Record<string, string> = {
  object: 'a mapping (indented "key: value" lines)',
  array: 'a list like [a, b]',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  string: 'text',
};

function example(schema: SchemaObject | undefined): string | null {
  const examples: unknown = schema?.examples;
  return Array.isArray(examples) && examples.length > 0 ? flow(examples[0]) : null;
}

function likeExample(schema: SchemaObject | undefined, fallback: string): string {
  const sample = example(schema);
  return sample === null ? fallback : `write a value like ${sample}`;
}

function rangePhrase(schema: SchemaObject): string {
  const min: unknown = schema.minimum;
  const max: unknown = schema.maximum;
  const exclusiveMin: unknown = schema.exclusiveMinimum;
  if (typeof min === 'number' && typeof max === 'number') return `between ${min} and ${max}`;
  if (typeof exclusiveMin === 'number' && typeof max === 'number')
    return `greater than ${exclusiveMin} and at most ${max}`;
  if (typeof min === 'number') return `at least ${min}`;
  if (typeof max === 'number') return `at most ${max}`;
  return 'in range';
}

function describe(error: ErrorObject, data: unknown, source: SourceMap): Described {
  const path = pathOf(error.instancePath, data);
  const field = formatField(path);
  const schema = (error.parentSchema ?? {}) as SchemaObject;
  const value: unknown = schema.writeOnly === true ? HIDDEN : error.data;
  const label: string =
    typeof schema.title === 'string' ? schema.title : String(path[path.length - 1] ?? 'inventory');
  const where = field === '' ? 'the top level of the inventory' : field;
  const valueAt = source.valuePosition(field);
  const params = error.params as Record<string, unknown>;

  if (error.propertyName !== undefined) {
    const name = error.propertyName;
    const child = formatField([...path, name]);
    const rule = typeof schema.description === 'string' ? schema.description : 'a valid name';
    return {
      field: child,
      at: source.keyPosition(child),
      message: `name "${name}" under ${where} is not allowed: use ${rule}`,
      fix: `rename "${name}" using only letters, digits, - and _`,
    };
  }

  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      const properties = (schema.properties ?? {}) as Record<string, SchemaObject>;
      const child = properties[missing];
      const purpose = typeof child?.description === 'string' ? ` (${child.description})` : '';
      const sample = example(child) ?? '...';
      return {
        field: formatField([...path, missing]),
        at: field === '' ? null : source.keyPosition(field),
        message: `${where} is missing the required key "${missing}"${purpose}`,
        fix: `add "${missing}: ${sample}" ${field === '' ? 'at the top level' : `under ${field}`}`,
      };
    }
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const child = formatField([...path, key]);
      const allowed = Object.keys((schema.properties ?? {}) as Record<string, unknown>);
      const suggestion = closestName(key, allowed);
      return {
        field: child,
        at: source.keyPosition(child),
        message: `unknown key "${key}" in ${where}`,
        fix: suggestion
          ? `did you mean "${suggestion}"? rename the key`
          : `remove it; allowed keys here: ${allowed.join(', ')}`,
      };
    }
    case 'type': {
      const expected = String(params.type);
      if (field === '') {
        return {
          field: ROOT_FIELD,
          at: valueAt,
          message: `the inventory must be a mapping of cluster, ssh, hosts, vips, keepalived and haproxy, got ${got(value)}`,
          fix: 'start from the example in docs/inventory.md',
        };
      }
      const phrase =
        (expected === 'string' || expected === 'number') && typeof schema.description === 'string'
          ? schema.description
          : (TYPE_PHRASES[expected] ?? expected);
      return {
        field,
        at: valueAt,
        message: `${label} must be ${phrase}, got ${got(value)}`,
        fix: likeExample(schema, `write ${phrase}`),
      };
    }
    case 'enum': {
      const allowed = (Array.isArray(schema.enum) ? schema.enum : []).map(String).join(', ');
      return {
        field,
        at: valueAt,
        message: `${label} must be one of ${allowed}, got ${got(value)}`,
        fix: `use one of ${allowed}`,
      };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const range = rangePhrase(schema);
      return {
        field,
        at: valueAt,
        message: `${label} must be ${range}, got ${got(value)}`,
        fix: `use a value ${range}`,
      };
    }
    case 'pattern': {
      const rule = typeof schema.description === 'string' ? schema.description : 'valid';
      return {
        field,
        at: valueAt,
        message: `${label} must be ${rule}, got ${got(value)}`,
        fix: likeExample(schema, `write ${rule}`),
      };
    }
    case 'minLength':
      return {
        field,
        at: valueAt,
        message: `${label} must not be empty`,
        fix: likeExample(schema, 'fill it in'),
      };
    case 'maxLength':
      return {
        field,
        at: valueAt,
        message: `${label} must be at most ${String(params.limit)} characters long, got ${typeof error.data === 'string' ? error.data.length : '?'}`,
        fix: likeExample(schema, 'shorten it'),
      };
    case 'minItems':
      return {
        field,
        at: valueAt,
        message: `${label} must list at least ${String(params.limit)} item(s), got ${got(value)}`,
        fix: likeExample(schema, 'add an item'),
      };
    case 'maxItems':
    case 'maxProperties': {
      const count = Array.isArray(value)
        ? value.length
        : value !== null && typeof value === 'object'
          ? Object.keys(value).length
          : '?';
      const what = error.keyword === 'maxItems' ? 'item(s)' : 'entries';
      return {
        field,
        at: valueAt,
        message: `${label} may hold at most ${String(params.limit)} ${what}, got ${count}`,
        fix: 'split the cluster or remove entries: no real cluster comes near this limit',
      };
    }
    case 'uniqueItems': {
      const list = Array.isArray(value) ? value : [];
      const repeated: unknown = list[Number(params.j)];
      return {
        field,
        at: valueAt,
        message: `${label} lists ${got(repeated)} more than once`,
        fix: 'remove the duplicate entry',
      };
    }
    default:
      return {
        field: field === '' ? ROOT_FIELD : field,
        at: valueAt,
        message: `${label} ${error.message ?? 'is invalid'}`,
        fix: likeExample(schema, 'see docs/inventory.md for the expected format'),
      };
  }
}

export function schemaIssues(
  file: string,
  errors: readonly ErrorObject[],
  data: unknown,
  source: SourceMap,
): ConfigIssue[] {
  const seen = new Set<string>();
  const issues: ConfigIssue[] = [];
  for (const error of errors) {
    // propertyNames reports twice: the inner pattern error (kept) and a summary (dropped).
    if (error.keyword === 'propertyNames') continue;
    const described = describe(error, data, source);
    const key = `${described.field}\u0000${described.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({
      file,
      line: described.at?.line ?? null,
      column: described.at?.column ?? null,
      field: described.field,
      message: described.message,
      fix: described.fix,
      severity: 'error',
    });
  }
  return issues;
}
