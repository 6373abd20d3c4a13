// All facts of one host in one round trip: build one probe script, run it once (with sudo,
// some files are root-only), split its output by markers and hand each section to its parser.
import { FactError } from '../errors.js';
import type { Shell } from '../transport/sh.js';
import type { Transport } from '../transport/types.js';
import type { FactRequest, FileFact, HostFacts } from './types.js';
import type { Fact } from './fact.js';
import { fileFact } from './files.js';
import { firewallFact } from './firewall.js';
import { interfacesFact } from './interfaces.js';
import { linksFact } from './links.js';
import { osReleaseFact } from './os-release.js';
import { packageManagerFact } from './package-manager.js';
import { packagesFact } from './packages.js';
import { probeComplete, probeScript, splitSections, type ProbeSection } from './probe.js';
import { selinuxFact } from './selinux.js';
import { sysctlFact } from './sysctl.js';
import { sysextFact } from './sysext.js';
import { unitsFact } from './units.js';

export type { FactRequest } from './types.js';

const PROBE_TIMEOUT_MS = 120_000;

function factsFor(request: FactRequest) {
  return {
    os: osReleaseFact,
    packageManager: packageManagerFact,
    packages: packagesFact(request.packages),
    files: request.files.map((path, i) => fileFact(path, i)),
    sysctls: request.sysctls.map((key, i) => sysctlFact(key, i)),
    units: unitsFact(request.units),
    interfaces: interfacesFact,
    selinux: selinuxFact,
    firewall: firewallFact,
    sysext: sysextFact,
    // Only asked for when requested, so captures made without it still parse.
    links: request.links && request.links.length > 0 ? linksFact(request.links) : null,
  };
}

type ProbeFacts = ReturnType<typeof factsFor>;

function allFacts(f: ProbeFacts): Fact<unknown>[] {
  return [
    f.os,
    f.packageManager,
    f.packages,
    ...f.files,
    ...f.sysctls,
    f.units,
    f.interfaces,
    f.selinux,
    f.firewall,
    f.sysext,
    ...(f.links ? [f.links] : []),
  ];
}

/** The one script that gathers everything `request` asks for (plus the fixed facts). */
export function buildProbe(request: FactRequest): Shell {
  return probeScript(allFacts(factsFor(request)));
}

/** Pure: probe output → HostFacts. A missing or garbled section is a FactError naming the fact. */
export function parseProbe(output: string, request: FactRequest, host = ''): HostFacts {
  const { started, finished } = probeComplete(output);
  if (!started)
    throw new FactError(
      host,
      'probe',
      `the fact probe printed no header; output starts: ${excerpt(output)}`,
    );
  if (!finished)
    throw new FactError(host, 'probe', `the fact probe output is truncated (no end marker)`);
  const sections = splitSections(output);
  const facts = factsFor(request);
  const run = <T>(fact: Fact<T>, what = fact.name): T => {
    const section: ProbeSection | undefined = sections.get(fact.name);
    if (!section)
      throw new FactError(host, fact.name, `${what}: section missing from the probe output`);
    try {
      return fact.parse(section.output, section.exitCode);
    } catch (err) {
      if (err instanceof FactError) throw new FactError(host, err.fact, err.message);
      throw new FactError(host, fact.name, `${what}: ${(err as Error).message}`);
    }
  };
  const files: Record<string, FileFact> = {};
  request.files.forEach((path, i) => (files[path] = run(facts.files[i] as Fact<FileFact>, path)));
  const sysctl: Record<string, string | null> = {};
  request.sysctls.forEach(
    (key, i) => (sysctl[key] = run(facts.sysctls[i] as Fact<string | null>, key)),
  );
  return {
    host,
    os: run(facts.os),
    packageManager: run(facts.packageManager),
    packages: run(facts.packages),
    files,
    sysctl,
    units: run(facts.units),
    interfaces: run(facts.interfaces),
    selinux: run(facts.selinux),
    firewall: run(facts.firewall),
    // Optional: captures made before this fact existed have no such section.
    ...(sections.has(facts.sysext.name) ? { sysext: run(facts.sysext) } : {}),
    ...(facts.links ? { links: run(facts.links) } : {}),
  };
}

/** One exec of one probe, with sudo. FactError (with the raw stderr) when it cannot be used. */
export async function gatherFacts(
  transport: Transport,
  request: FactRequest,
  options: { timeoutMs?: number } = {},
): Promise<HostFacts> {
  const result = await transport.exec(buildProbe(request), {
    sudo: true,
    timeoutMs: options.timeoutMs ?? PROBE_TIMEOUT_MS,
  });
  const { started, finished } = probeComplete(result.stdout);
  if (!started || !finished || result.exitCode !== 0) {
    const status = result.exitCode ?? result.signal;
    throw new FactError(
      transport.host,
      'probe',
      `fact probe failed on ${transport.host} (exit ${status}, ${result.durationMs} ms)` +
        `${started ? '' : ', no output'}${started && !finished ? ', output truncated' : ''}:\n${result.stderr.trim() || '(no stderr)'}`,
    );
  }
  return parseProbe(result.stdout, request, transport.host);
}

function excerpt(text: string): string {
  return JSON.stringify(text.slice(0, 200));
}
