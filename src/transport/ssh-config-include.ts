// `Include` in ssh_config, followed the way OpenSSH does for the common case: an Include outside
// any Host/Match block is replaced by the files it names (relative paths under ~/.ssh, `~/`
// expanded, `*` and `?` in the file name matched in lexical order, missing files skipped), and
// the main file's own scope is restored after them with `Host *`. The ssh-config package parses
// but does not follow Include; this small textual step is specific enough to hand-write.
// An Include inside a Host/Match block, or with a wildcard in a folder name, is left in place and
// reported as not followed.
import { readdirSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { readBoundedText } from '../inventory/bounded-read.js';

/** OpenSSH's own limit on nested Includes (READCONF_MAX_DEPTH). */
const MAX_DEPTH = 16;
const MAX_FILE_BYTES = 1024 * 1024;

export interface IncludeResult {
  text: string;
  /** Files read, in order, for messages. */
  included: string[];
}

const KEYWORD = /^\s*([A-Za-z]+)(?:\s*=\s*|\s+)(.*?)\s*$/;
const WILDCARD = /[*?]/;

/** An Include argument list: words separated by blanks, "double quotes" keep blanks. */
function words(args: string): string[] {
  return [...args.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
}

function pathOf(word: string, home: string): string {
  if (word === '~' || word.startsWith('~/')) return resolve(home, word.slice(2));
  return isAbsolute(word) ? word : resolve(home, '.ssh', word);
}

function globRegExp(name: string): RegExp {
  const body = name
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/** The files one Include word names; null when haka cannot follow it (a wildcard folder). */
function filesOf(word: string, home: string): string[] | null {
  const path = pathOf(word, home);
  if (WILDCARD.test(dirname(path))) return null;
  if (!WILDCARD.test(basename(path))) return [path];
  const pattern = globRegExp(basename(path));
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return [];
  }
  // glob(3) skips dot files unless the pattern starts with a dot.
  return names
    .filter((n) => pattern.test(n) && n.startsWith('.') === basename(path).startsWith('.'))
    .sort()
    .map((n) => join(dirname(path), n));
}

function readIncluded(file: string): string | null {
  try {
    return readBoundedText(file, MAX_FILE_BYTES).text;
  } catch (error) {
    // OpenSSH skips an Include that matches nothing; anything else is the operator's to fix.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export function expandIncludes(text: string, home: string, depth = 0): IncludeResult {
  if (depth > MAX_DEPTH)
    throw new Error(`Include nested more than ${MAX_DEPTH} levels deep (a file includes itself?)`);
  const out: string[] = [];
  const included: string[] = [];
  let inBlock = false;
  for (const line of text.split('\n')) {
    const m = KEYWORD.exec(line);
    const keyword = m?.[1]?.toLowerCase();
    if (keyword === 'host' || keyword === 'match') inBlock = true;
    if (keyword !== 'include' || inBlock) {
      out.push(line);
      continue;
    }
    const groups = words(m?.[2] ?? '').map((w) => filesOf(w, home));
    if (groups.some((g) => g === null)) {
      out.push(line); // reported by the caller as not followed
      continue;
    }
    for (const file of groups.flat() as string[]) {
      const content = readIncluded(file);
      if (content === null) continue;
      const inner = expandIncludes(content, home, depth + 1);
      included.push(file, ...inner.included);
      out.push(`# haka: from ${file}`, inner.text, 'Host *');
    }
  }
  return { text: out.join('\n'), included };
}
