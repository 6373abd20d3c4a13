// `npm run build` when dist/ is missing or older than what it is built from; otherwise nothing.
// Tests that run the built CLI call it (under flock, so parallel runs never build at once).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// Written last by the build (scripts/precompile.mjs): its time is the build's.
const stamp = join(root, 'dist/src/schema/inventory-validator.cjs');
const inputs = [
  'src',
  'tasks',
  'scripts/precompile.mjs',
  'tsconfig.json',
  'tsconfig.build.json',
  'package.json',
];

function newest(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), 0);
}

const built = existsSync(stamp) ? statSync(stamp).mtimeMs : -1;
const source = Math.max(
  ...inputs
    .map((p) => join(root, p))
    .filter(existsSync)
    .map(newest),
);
if (source > built) {
  process.stderr.write('build-if-stale: dist/ is older than its sources: npm run build\n');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
}
