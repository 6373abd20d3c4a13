// The SSH half of capture-probe.ts: run the probe on a (lab) host and return its raw stdout.
import { buildProbe } from '../../../../src/facts/gather.js';
import type { FactRequest } from '../../../../src/facts/types.js';
import { connect } from '../../../../src/transport/ssh.js';

export async function gatherProbeOutput(
  destination: string,
  request: FactRequest,
  identityFile: string | undefined,
  knownHostsFile: string | undefined,
): Promise<string> {
  const m = /^([^@]+)@([^:]+)(?::(\d+))?$/.exec(destination);
  if (!m) throw new Error(`--ssh wants USER@ADDRESS[:PORT], got ${destination}`);
  if (!knownHostsFile) throw new Error('--known-hosts is required (host keys are always verified)');
  const [, user, address, port] = m as unknown as [string, string, string, string | undefined];
  const transport = await connect({
    name: address,
    address,
    port: port ? Number(port) : 22,
    user,
    identityFile,
    knownHostsFile,
    connectTimeoutMs: 10_000,
    acceptNewHostKeys: false,
  });
  try {
    const result = await transport.exec(buildProbe(request), { sudo: true, timeoutMs: 120_000 });
    if (result.exitCode !== 0)
      throw new Error(`probe failed (exit ${result.exitCode ?? result.signal}): ${result.stderr}`);
    return result.stdout;
  } finally {
    await transport.close();
  }
}
