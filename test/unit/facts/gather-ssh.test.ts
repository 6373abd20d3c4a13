// gatherFacts end to end over the real SSH transport (in-process server on 127.0.0.1), as a
// non-root user, so the probe travels inside `sudo -n -- sh -c '...'` like on a Flatcar host.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gatherFacts } from '../../../src/facts/gather.js';
import { connect } from '../../../src/transport/ssh.js';
import { makeLab, target } from '../transport/helpers/setup.js';
import { runInLocalShell, startServer } from '../transport/helpers/ssh-server.js';

const bin = mkdtempSync(join(tmpdir(), 'haka-fake-sudo-'));
writeFileSync(
  join(bin, 'sudo'),
  '#!/bin/sh\n[ "$1" = -n ] && [ "$2" = -- ] || exit 99\nshift 2\nexec "$@"\n',
  {
    mode: 0o755,
  },
);
afterAll(() => rmSync(bin, { recursive: true, force: true }));

describe('gatherFacts over SSH', () => {
  it('gathers every fact in one exec through sudo', async () => {
    const lab = makeLab();
    const server = await startServer({
      hostKey: lab.hostKey,
      clientKey: lab.clientKey,
      onExec: (command, channel) =>
        runInLocalShell(command, channel, { PATH: `${bin}:/usr/bin:/bin` }),
    });
    try {
      const [type, b64] = lab.hostKey.public.trim().split(/\s+/);
      writeFileSync(lab.knownHostsFile, `[127.0.0.1]:${server.port} ${type} ${b64}\n`);
      const transport = await connect(target(lab, server.port, { user: 'core' }));
      const facts = await gatherFacts(transport, {
        files: ['/etc/os-release', lab.knownHostsFile],
        packages: ['dpkg'],
        sysctls: ['kernel.ostype'],
        units: ['haproxy.service'],
      });
      await transport.close();
      expect(server.execs).toHaveLength(1);
      expect(server.execs[0]?.command.startsWith('sudo -n -- sh -c ')).toBe(true);
      expect(facts.host).toBe('lb-test');
      expect(facts.os.family).toBe('debian');
      expect(facts.files[lab.knownHostsFile]?.content).toContain(b64);
      expect(facts.sysctl['kernel.ostype']).toBe('Linux');
    } finally {
      await server.close();
      lab.cleanup();
    }
  });
});
