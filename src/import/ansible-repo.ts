// Reads an Ansible repository from disk: its INI inventory and the host_vars/ and group_vars/
// YAML beside it (next to the inventory file and at the repository root, as Ansible looks).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { ConfigError } from '../errors.js';
import { readBoundedText } from '../inventory/bounded-read.js';
import { MAX_ALIAS_COUNT, MAX_INVENTORY_BYTES } from '../inventory/load.js';
import { parseIniInventory, type IniInventory } from './ansible-ini.js';

export interface VarsFile {
  /** Path relative to the repository root, for messages and comments. */
  file: string;
  vars: Record<string, unknown>;
}

export interface AnsibleRepo {
  root: string;
  /** The INI inventory's path relative to root. */
  hostsFile: string;
  ini: IniInventory;
  hostVars: Map<string, VarsFile[]>;
  groupVars: Map<string, VarsFile[]>;
  /** Files it could not read: reported, never dropped silently. */
  problems: string[];
}

const INVENTORY_CANDIDATES = ['inventory/hosts.ini', 'hosts.ini', 'inventory/hosts', 'hosts'];

function importError(file: string, message: string, fix: string): ConfigError {
  return new ConfigError(
    [{ file, line: null, field: '(import)', message, fix, severity: 'error' }],
    'Ansible repository',
  );
}

function findInventory(path: string): { root: string; hostsFile: string } {
  const abs = resolve(path);
  if (!existsSync(abs))
    throw importError(
      abs,
      'no such file or folder',
      'name the Ansible repository or its hosts.ini',
    );
  if (statSync(abs).isFile()) {
    // inventory/hosts.ini → the repository is the folder above inventory/.
    const folder = dirname(abs);
    const root = basename(folder) === 'inventory' ? dirname(folder) : folder;
    return { root, hostsFile: relative(root, abs) };
  }
  const found = INVENTORY_CANDIDATES.find((c) => existsSync(join(abs, c)));
  if (!found)
    throw importError(
      abs,
      `no INI inventory found (looked for ${INVENTORY_CANDIDATES.join(', ')})`,
      'name the hosts.ini file itself',
    );
  return { root: abs, hostsFile: found };
}

function readYamlVars(root: string, file: string, problems: string[]): VarsFile | null {
  const rel = relative(root, file);
  try {
    const vars: unknown = parse(readRepoFile(file), { maxAliasCount: MAX_ALIAS_COUNT });
    if (vars === null || vars === undefined) return { file: rel, vars: {} };
    if (typeof vars !== 'object' || Array.isArray(vars)) {
      problems.push(`${rel}: not a mapping of variables; not read`);
      return null;
    }
    return { file: rel, vars: vars as Record<string, unknown> };
  } catch (error) {
    problems.push(`${rel}: cannot read it: ${(error as Error).message.split('\n')[0]}`);
    return null;
  }
}

/** `<dir>/<name>.yml|.yaml|<name>` or every YAML file of `<dir>/<name>/`. */
function varsFor(root: string, dirs: string[], name: string, problems: string[]): VarsFile[] {
  const files: string[] = [];
  for (const dir of dirs) {
    for (const candidate of [`${name}.yml`, `${name}.yaml`, name]) {
      const path = join(dir, candidate);
      if (!existsSync(path)) continue;
      if (statSync(path).isDirectory())
        files.push(
          ...readdirSync(path)
            .filter((f) => /\.ya?ml$/.test(f))
            .sort()
            .map((f) => join(path, f)),
        );
      else files.push(path);
    }
  }
  return [...new Set(files)]
    .map((f) => readYamlVars(root, f, problems))
    .filter((v): v is VarsFile => v !== null);
}

/** A regular file of at most 1 MiB (a FIFO or /dev/zero is refused, never read forever). */
function readRepoFile(file: string): string {
  return readBoundedText(file, MAX_INVENTORY_BYTES).text;
}

export function readAnsibleRepo(path: string): AnsibleRepo {
  const { root, hostsFile } = findInventory(path);
  let iniText: string;
  try {
    iniText = readRepoFile(join(root, hostsFile));
  } catch (error) {
    throw importError(
      join(root, hostsFile),
      `cannot read it: ${(error as Error).message}`,
      'name a readable hosts.ini (a regular file of at most 1 MiB)',
    );
  }
  const ini = parseIniInventory(iniText);
  const problems = [...ini.problems];
  const inventoryDir = dirname(join(root, hostsFile));
  const bases = [...new Set([inventoryDir, root])];
  const hostDirs = bases.map((b) => join(b, 'host_vars'));
  const groupDirs = bases.map((b) => join(b, 'group_vars'));
  const hostVars = new Map<string, VarsFile[]>();
  for (const g of ini.groups.values())
    for (const h of g.hosts)
      if (!hostVars.has(h.name)) hostVars.set(h.name, varsFor(root, hostDirs, h.name, problems));
  const groupVars = new Map<string, VarsFile[]>();
  for (const name of ['all', ...ini.groups.keys()])
    groupVars.set(name, varsFor(root, groupDirs, name, problems));
  // host_vars files for hosts the inventory does not list are reported, not ignored.
  for (const dir of hostDirs.filter((d) => existsSync(d)))
    for (const entry of readdirSync(dir)) {
      const host = entry.replace(/\.ya?ml$/, '');
      if (!hostVars.has(host))
        problems.push(`${relative(root, join(dir, entry))}: no host ${host} in ${hostsFile}`);
    }
  return { root, hostsFile, ini, hostVars, groupVars, problems };
}
