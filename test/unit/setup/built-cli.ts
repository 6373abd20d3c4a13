// vitest globalSetup: some unit tests run the built CLI (dist/src/cli.js) as an operator would,
// because exit codes, stderr and bounded reads belong to the process. A plain `npx vitest run`
// in a fresh clone builds it here; an up-to-date dist/ is left alone (make test builds first).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../../scripts/build-if-stale.mjs', import.meta.url));

export default function setup(): void {
  // flock on the script itself: two vitest runs in one checkout never build over each other.
  execFileSync('flock', ['-w', '600', script, process.execPath, script], { stdio: 'inherit' });
}
