// Ansible's INI inventory (hosts.ini): `[group]` host lines with key=value variables,
// `[group:vars]` and `[group:children]`. Hand-written: generic INI parsers do not read Ansible's
// host lines (a host name followed by inline variables), and the format is small.
import { expandHostPattern } from './ansible-ranges.js';

export type AnsibleValue = string | number | boolean;

export interface IniHost {
  /** The inventory name (`inventory_hostname`): an alias, DNS name or address. */
  name: string;
  vars: Record<string, AnsibleValue>;
  /** Line of hosts.ini that declared it. */
  line: number;
}

export interface IniGroup {
  name: string;
  hosts: IniHost[];
  children: string[];
  vars: Record<string, AnsibleValue>;
}

export interface IniInventory {
  groups: Map<string, IniGroup>;
  /** Lines it could not read, with the reason: reported, never dropped silently. */
  problems: string[];
}

const SECTION = /^\[([A-Za-z0-9_.-]+)(?::(vars|children))?\]\s*$/;

function group(inv: IniInventory, name: string): IniGroup {
  let g = inv.groups.get(name);
  if (!g) {
    g = { name, hosts: [], children: [], vars: {} };
    inv.groups.set(name, g);
  }
  return g;
}

/** Ansible's literal evaluation, reduced to what inventories hold: numbers, booleans, strings. */
function value(raw: string): AnsibleValue {
  const unquoted = /^(["'])(.*)\1$/.exec(raw);
  if (unquoted) return unquoted[2] ?? '';
  if (/^-?[0-9]+$/.test(raw)) return Number(raw);
  if (/^(true|false)$/i.test(raw)) return raw.toLowerCase() === 'true';
  return raw;
}

// key=value pairs; values may be quoted and then hold spaces.
function parseVars(text: string): Record<string, AnsibleValue> | null {
  const vars: Record<string, AnsibleValue> = {};
  const pair = /\s*([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|\S*)/y;
  let rest = text.trim();
  while (rest.length > 0) {
    pair.lastIndex = 0;
    const m = pair.exec(rest);
    if (!m) return null;
    vars[m[1] as string] = value(m[2] ?? '');
    rest = rest.slice(pair.lastIndex).trim();
  }
  return vars;
}

export function parseIniInventory(text: string): IniInventory {
  const inv: IniInventory = { groups: new Map(), problems: [] };
  let current = group(inv, 'ungrouped');
  let kind: 'hosts' | 'vars' | 'children' = 'hosts';
  text.split(/\r?\n/).forEach((rawLine, i) => {
    const line = rawLine.replace(/^\s*[#;].*$/, '').trim();
    const lineNo = i + 1;
    if (line === '') return;
    const section = SECTION.exec(line);
    if (section) {
      current = group(inv, section[1] as string);
      kind = (section[2] as 'vars' | 'children' | undefined) ?? 'hosts';
      return;
    }
    if (kind === 'children') return void current.children.push(line.split(/\s+/)[0] as string);
    if (kind === 'vars') {
      const vars = parseVars(line);
      if (vars === null) inv.problems.push(`hosts.ini:${lineNo}: not a key=value line: ${line}`);
      else Object.assign(current.vars, vars);
      return;
    }
    const [pattern = '', ...rest] = line.split(/\s+/);
    const vars = parseVars(rest.join(' '));
    if (vars === null) {
      inv.problems.push(`hosts.ini:${lineNo}: cannot read the variables of ${pattern}`);
      return;
    }
    try {
      for (const name of expandHostPattern(pattern))
        current.hosts.push({ name, vars: { ...vars }, line: lineNo });
    } catch (error) {
      inv.problems.push(`hosts.ini:${lineNo}: ${(error as Error).message}`);
    }
  });
  return inv;
}

/** The hosts of a group and of its children (recursively), each once, in file order. */
export function hostsOf(inv: IniInventory, name: string, seen = new Set<string>()): IniHost[] {
  const g = inv.groups.get(name);
  if (!g || seen.has(name)) return [];
  seen.add(name);
  const all = [...g.hosts, ...g.children.flatMap((child) => hostsOf(inv, child, seen))];
  return all.filter((h, i) => all.findIndex((o) => o.name === h.name) === i);
}

/** The groups a host belongs to, directly or through a parent's children list. */
export function groupsOf(inv: IniInventory, host: string): string[] {
  return [...inv.groups.keys()].filter((g) => hostsOf(inv, g).some((h) => h.name === host));
}
