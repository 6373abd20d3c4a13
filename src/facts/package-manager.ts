// Which package manager the host has; Flatcar has none (its /usr is read-only).
import { sh } from '../transport/sh.js';
import type { PackageManager } from './types.js';
import { lines, type Fact } from './fact.js';

export const packageManagerFact: Fact<PackageManager> = {
  name: 'package-manager',
  // Prints the path of each tool found; `command -v` fails silently for the others.
  command: sh`for tool in apt-get dnf yum; do command -v "$tool"; done; true`,
  parse(output) {
    const found = new Set(lines(output).map((l) => l.trim().split('/').pop()));
    if (found.has('apt-get')) return 'apt';
    if (found.has('dnf')) return 'dnf';
    if (found.has('yum')) return 'yum';
    return null;
  },
};
