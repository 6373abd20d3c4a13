// connectAll: parallel connects with a bound; one host's failure never aborts the others.
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectError } from '../../../src/errors.js';
import { connectAll } from '../../../src/transport/pool.js';
import type { ConnectTarget, Transport } from '../../../src/transport/types.js';
import { sh } from '../../../src/transport/sh.js';
import { makeLab, target, unusedPort, type Lab } from './helpers/setup.js';
import { startServer, type TestServer } from './helpers/ssh-server.js';

let lab: Lab;
let server: TestServer;

beforeEach(async () => {
  lab = makeLab();
  server = await startServer({ hostKey: lab.hostKey, clientKey: lab.clientKey });
  const [type, b64] = lab.hostKey.public.trim().split(/\s+/);
  writeFileSync(lab.knownHostsFile, `[127.0.0.1]:${server.port} ${type} ${b64}\n`);
});

afterEach(async () => {
  await server.close();
  lab.cleanup();
});

describe('connectAll', () => {
  it('returns a Transport or a ConnectError per host, keyed by name', async () => {
    const dead = await unusedPort();
    const targets = [
      target(lab, server.port, { name: 'good-1' }),
      target(lab, dead, { name: 'refused' }),
      target(lab, server.port, { name: 'good-2' }),
      target(lab, server.port, {
        name: 'untrusted',
        knownHostsFile: `${lab.dir}/empty_known_hosts`,
      }),
    ];
    const result = await connectAll(targets, { concurrency: 2 });
    expect([...result.keys()]).toEqual(['good-1', 'refused', 'good-2', 'untrusted']);
    expect((result.get('refused') as ConnectError).reason).toBe('unreachable');
    expect((result.get('untrusted') as ConnectError).reason).toBe('host-key-unknown');
    for (const name of ['good-1', 'good-2']) {
      const t = result.get(name) as Transport;
      expect(t).not.toBeInstanceOf(ConnectError);
      expect((await t.exec(sh`echo ${name}`)).stdout).toBe(`${name}\n`);
      await t.close();
    }
  });

  it('never runs more connects at once than the concurrency bound', async () => {
    let running = 0;
    let peak = 0;
    const connectOne = async (t: ConnectTarget): Promise<Transport> => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 20));
      running--;
      if (t.name === 'bad') throw new Error('boom');
      return {
        host: t.name,
        user: 'root',
        exec: () => Promise.reject(new Error('unused')),
        upload: async () => {},
        close: async () => {},
      };
    };
    const targets = ['a', 'bad', 'c', 'd', 'e'].map((name) => target(lab, 1, { name }));
    const result = await connectAll(targets, { concurrency: 2, connectOne });
    expect(peak).toBe(2);
    expect(result.get('bad')).toBeInstanceOf(ConnectError);
    expect((result.get('bad') as ConnectError).message).toContain('boom');
    expect(result.get('e')).toMatchObject({ host: 'e' });
  });
});
