// Helpers to capture probe outputs as fixtures and to read them back in tests.
// A probe fixture is two files in fixtures/facts/: NAME.probe.txt (the raw stdout of the probe,
// byte for byte) and NAME.request.json (the FactRequest it answered, plus where it came from).
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildProbe } from '../../../../src/facts/gather.js';
import type { FactRequest } from '../../../../src/facts/types.js';

export const FIXTURES_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../fixtures/facts',
);

export interface ProbeFixtureMeta {
  request: FactRequest;
  /** 'real: ...' (captured, with host and how) or 'hand-written: ...' (from which documented format). */
  provenance: string;
  capturedAt?: string;
}

export interface ProbeFixture extends ProbeFixtureMeta {
  name: string;
  output: string;
}

/** Run the probe with the local /bin/sh, optionally as another uid (setpriv), and return its stdout. */
export function runProbeLocally(request: FactRequest, asUid?: number): string {
  const script = buildProbe(request).text;
  const argv =
    asUid === undefined
      ? ['/bin/sh', '-c', script]
      : [
          'setpriv',
          `--reuid=${asUid}`,
          `--regid=${asUid}`,
          '--clear-groups',
          '/bin/sh',
          '-c',
          script,
        ];
  return execFileSync(argv[0] as string, argv.slice(1), {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

export function saveProbeFixture(
  name: string,
  meta: ProbeFixtureMeta,
  output: string,
  dir = FIXTURES_DIR,
): string[] {
  if (!/^[a-z0-9][a-z0-9.-]*$/.test(name))
    throw new Error(`fixture name must be lower-case words and dashes: ${name}`);
  const probe = join(dir, `${name}.probe.txt`);
  const request = join(dir, `${name}.request.json`);
  writeFileSync(probe, output);
  writeFileSync(
    request,
    `${JSON.stringify({ capturedAt: new Date().toISOString(), ...meta }, null, 2)}\n`,
  );
  return [probe, request];
}

export function loadProbeFixtures(dir = FIXTURES_DIR): ProbeFixture[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.probe.txt'))
    .sort()
    .map((f) => {
      const name = f.slice(0, -'.probe.txt'.length);
      const meta = JSON.parse(
        readFileSync(join(dir, `${name}.request.json`), 'utf8'),
      ) as ProbeFixtureMeta;
      return { name, ...meta, output: readFileSync(join(dir, f), 'utf8') };
    });
}

/** Put raw per-fact outputs into the probe's wire format (for hand-written whole-host fixtures). */
export function assembleProbe(
  sections: { name: string; output: string; exitCode?: number }[],
): string {
  const body = sections
    .map((s) => `\n@@HAKA-FACT ${s.name}\n${s.output}\n@@HAKA-RC ${s.name} ${s.exitCode ?? 0}\n`)
    .join('');
  return `@@HAKA-PROBE 1\n${body}\n@@HAKA-END\n`;
}
