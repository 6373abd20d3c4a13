// One rule for every inventory value: a string field has an anchored allow-list (pattern) or an
// enum. This walks the whole schema, so a field added without one fails here.
import { Ajv, type SchemaObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { inventorySchema, PATTERNS } from '../../../src/inventory/schema.js';

interface StringField {
  path: string;
  schema: SchemaObject;
}

function stringFields(schema: SchemaObject, path: string, out: StringField[]): StringField[] {
  if (schema.type === 'string') out.push({ path, schema });
  if (schema.type === 'object') {
    for (const [key, child] of Object.entries(
      (schema.properties ?? {}) as Record<string, SchemaObject>,
    ))
      stringFields(child, `${path}.${key}`, out);
    if (typeof schema.additionalProperties === 'object')
      stringFields(schema.additionalProperties as SchemaObject, `${path}.*`, out);
    if (schema.propertyNames)
      stringFields(
        { type: 'string', ...(schema.propertyNames as SchemaObject) },
        `${path}.(name)`,
        out,
      );
  }
  if (schema.type === 'array' && schema.items)
    stringFields(schema.items as SchemaObject, `${path}[]`, out);
  return out;
}

/** `^...$` with no alternation outside a group: `^a|b$` would anchor only one side of each. */
function isAnchored(pattern: string): boolean {
  if (!pattern.startsWith('^') || !pattern.endsWith('$') || pattern.endsWith('\\$')) return false;
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return false;
  }
  return depth === 0;
}

/** Text that must never pass any field: shell, socat, systemd and config-file syntax. */
const HOSTILE = [
  '/run/x.sock!!SYSTEM:touch /tmp/pwned',
  '/run/x.sock,fork',
  'a\nb',
  'a b',
  '$(id)',
  '`id`',
  'a;b',
  "a'b",
  'a"b',
  'a\\b',
  '%n',
  '../../etc/shadow',
  '/run/../etc/x',
  'x'.repeat(5000),
];

const fields = stringFields(inventorySchema, 'inventory', []);

describe('every string field of the inventory schema has an anchored allow-list', () => {
  it('finds the string fields', () => {
    expect(fields.length).toBeGreaterThan(20);
  });

  it.each(fields.map((f) => [f.path, f.schema] as const))('%s', (_path, schema) => {
    if (Array.isArray(schema.enum)) return;
    expect(typeof schema.pattern).toBe('string');
    const pattern = schema.pattern as string;
    expect(isAnchored(pattern), pattern).toBe(true);
    const accepts = new Ajv({ strict: true }).compile(schema);
    for (const text of HOSTILE)
      expect(accepts(text), JSON.stringify(text.slice(0, 60))).toBe(false);
  });

  it('knows an unanchored pattern when it sees one', () => {
    expect(isAnchored('^/.+')).toBe(false);
    expect(isAnchored('^a|b$')).toBe(false);
    expect(isAnchored('^(a|b)$')).toBe(true);
    expect(isAnchored('^[|]$')).toBe(true);
  });
});

/** Every list and every map of names in the schema: each must say how many entries it may hold. */
function collections(schema: SchemaObject, path: string, out: StringField[]): StringField[] {
  if (schema.type === 'array') out.push({ path, schema });
  if (schema.type === 'object' && typeof schema.additionalProperties === 'object')
    out.push({ path, schema });
  for (const [key, child] of Object.entries(
    (schema.properties ?? {}) as Record<string, SchemaObject>,
  ))
    collections(child, `${path}.${key}`, out);
  if (typeof schema.additionalProperties === 'object')
    collections(schema.additionalProperties as SchemaObject, `${path}.*`, out);
  if (schema.items) collections(schema.items as SchemaObject, `${path}[]`, out);
  return out;
}

describe('every list and map of the inventory schema is bounded', () => {
  const found = collections(inventorySchema, 'inventory', []);

  it('finds hosts, ports, backends and backendPorts', () => {
    expect(found.map((f) => f.path)).toEqual(
      expect.arrayContaining([
        'inventory.hosts',
        'inventory.vips.api.ports',
        'inventory.vips.api.backends',
        'inventory.vips.ingress.backendPorts',
      ]),
    );
  });

  it.each(found.map((f) => [f.path, f.schema] as const))('%s', (_path, schema) => {
    const limit = schema.type === 'array' ? schema.maxItems : schema.maxProperties;
    expect(typeof limit).toBe('number');
    expect(limit as number).toBeLessThanOrEqual(256);
  });
});

describe('paths', () => {
  const hostPath = new RegExp(PATTERNS.hostPath, 'u');
  const localPath = new RegExp(PATTERNS.localPath, 'u');

  it.each(['/run/haproxy/haka.sock', '/var/run/haproxy.sock', '/run/a..b/c...d'])(
    'a host path like %s passes',
    (path) => expect(hostPath.test(path)).toBe(true),
  );

  it.each([
    'relative.sock',
    '/run/haproxy/',
    '/',
    '/run/../x',
    '/..',
    '/run/x:y',
    '/run/x,y',
    '/run/x y',
  ])('a host path like %j is refused', (path) => expect(hostPath.test(path)).toBe(false));

  it.each(['~', '~/.ssh/id_ed25519', 'keys/id', '/etc/haka/key', 'known_hosts'])(
    'a local path like %s passes',
    (path) => expect(localPath.test(path)).toBe(true),
  );

  it.each(['../keys/id', '~/../x', 'a/..', '~user/x', 'a b', ''])(
    'a local path like %j is refused',
    (path) => expect(localPath.test(path)).toBe(false),
  );
});

describe('names checked by the rules of what reads them', () => {
  const iface = new RegExp(PATTERNS.interface, 'u');
  const scriptUser = new RegExp(PATTERNS.scriptUser, 'u');

  it.each(['eth0', 'ens18', 'bond0.100', 'br-lan', 'x'.repeat(15)])('interface %s passes', (name) =>
    expect(iface.test(name)).toBe(true),
  );

  it.each(['.', '..', 'x'.repeat(16), 'eth0:1', 'a/b', 'a b', ''])(
    'interface %j is refused',
    (name) => expect(iface.test(name)).toBe(false),
  );

  it('refuses root as keepalived script user, and only root', () => {
    expect(scriptUser.test('root')).toBe(false);
    expect(scriptUser.test('rootless')).toBe(true);
    expect(scriptUser.test('keepalived_script')).toBe(true);
  });
});
