// Rendering the fixture inventories' files, and running the real haproxy/keepalived on them.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Inventory, LbHost } from '../../../src/inventory/types.js';
import type { ExecResult } from '../../../src/transport/types.js';
import { renderKeepalivedConf } from '../../../tasks/content/keepalived-conf.js';
import { resolveVipInterfaces } from '../../../tasks/vip-interfaces.js';
import { SECRETS, factsFor, loadFacts, TEMPLATES } from '../tasks/support/fixtures.js';

export const HAPROXY = '/usr/sbin/haproxy';
export const KEEPALIVED = '/usr/sbin/keepalived';

/** keepalived.conf for `host` with the interfaces resolved from the fresh Debian fixture (eth0). */
export function keepalivedConfFor(inventory: Inventory, host: LbHost): string {
  const resolved = resolveVipInterfaces(host, inventory, factsFor(loadFacts('debian12-fresh'), host));
  if (!resolved.ok) throw new Error(resolved.message);
  return renderKeepalivedConf(TEMPLATES, inventory, SECRETS, host, resolved.interfaces);
}

const tempDirs: string[] = [];

/** A fresh folder under the system temp dir; `removeTempDirs` (in a top-level afterAll) removes it. */
export function tempDir(prefix = 'haka-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function tempFile(name: string, content: string): string {
  const dir = tempDir();
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Run a validator binary like apply would (argument array, no shell), as an ExecResult. */
export function run(command: string, args: string[]): ExecResult {
  const started = Date.now();
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 20_000 });
  return {
    host: 'local',
    command: [command, ...args].join(' '),
    exitCode: r.status,
    signal: r.signal,
    stdout: r.stdout,
    stderr: r.stderr,
    durationMs: Date.now() - started,
  };
}
