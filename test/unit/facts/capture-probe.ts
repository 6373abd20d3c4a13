// Save a probe output as a fixture (not a test; run it by hand):
//   npx tsx test/unit/facts/capture-probe.ts NAME --local [--uid 65534] [--request req.json]
//   npx tsx test/unit/facts/capture-probe.ts NAME --ssh USER@ADDRESS[:PORT] --identity KEY \
//       --known-hosts FILE [--request req.json]
// The fixture tests then parse every fixtures/facts/*.probe.txt automatically.
// Use lab hosts only: a probe output contains the content of every requested file.
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { gatherProbeOutput } from './helpers/capture-ssh.js';
import { runProbeLocally, saveProbeFixture } from './helpers/probe-fixtures.js';
import type { FactRequest } from '../../../src/facts/types.js';

/** What haka asks on a real run (see docs/ARCHITECTURE.md "Managed paths"). */
const DEFAULT_REQUEST: FactRequest = {
  files: [
    '/etc/os-release',
    '/etc/haproxy/haproxy.cfg',
    '/etc/keepalived/keepalived.conf',
    '/etc/keepalived/haka-notify.sh',
    '/etc/keepalived/haka-check-haproxy.sh',
    '/etc/sysctl.d/90-haka.conf',
    '/etc/systemd/system/keepalived.service.d/override.conf',
    '/var/lib/haka/manifest.json',
  ],
  packages: ['haproxy', 'keepalived'],
  sysctls: ['net.ipv4.ip_nonlocal_bind'],
  units: ['haproxy.service', 'keepalived.service'],
};

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      local: { type: 'boolean' },
      uid: { type: 'string' },
      ssh: { type: 'string' },
      identity: { type: 'string' },
      'known-hosts': { type: 'string' },
      request: { type: 'string' },
    },
  });
  const name = positionals[0];
  if (!name || (!values.local && !values.ssh)) {
    throw new Error(
      'usage: capture-probe.ts NAME (--local [--uid N] | --ssh USER@ADDRESS[:PORT] --identity KEY --known-hosts FILE) [--request FILE]',
    );
  }
  const request = values.request
    ? (JSON.parse(readFileSync(values.request, 'utf8')) as FactRequest)
    : DEFAULT_REQUEST;
  let output: string;
  let provenance: string;
  if (values.ssh) {
    output = await gatherProbeOutput(values.ssh, request, values.identity, values['known-hosts']);
    provenance = `real: captured over SSH from ${values.ssh} with capture-probe.ts`;
  } else {
    const uid = values.uid === undefined ? undefined : Number(values.uid);
    output = runProbeLocally(request, uid);
    provenance = `real: captured locally with /bin/sh${uid === undefined ? '' : ` as uid ${uid}`} by capture-probe.ts`;
  }
  for (const file of saveProbeFixture(name, { request, provenance }, output))
    console.log(`wrote ${file}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
