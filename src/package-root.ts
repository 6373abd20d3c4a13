// Where haka's own files (templates/, package.json) live, whichever way it runs: this module is
// <root>/src/package-root.ts from source (tsx, vitest) and <root>/dist/src/package-root.js when
// built, in a checkout as in an installed package (npm install -g ./haka-X.tgz).
import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root for a module in <root>/src (source) or <root>/dist/src (built). */
export function packageRootOf(moduleDir: string): string {
  return basename(dirname(moduleDir)) === 'dist'
    ? resolve(moduleDir, '..', '..')
    : resolve(moduleDir, '..');
}

/** The package's root folder (the one holding package.json and templates/). */
export const PACKAGE_ROOT = packageRootOf(dirname(fileURLToPath(import.meta.url)));

/** haka's version, from its package.json. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}
