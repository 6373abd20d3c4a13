// vitest globalSetup for the e2e suite: build the lab (cached), bring it up when it is not up
// already (3 plain LBs + 2 backends + 1 flatcar host), and take down what we brought up.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { LAB_SH, labId, labJsonPath } from './lab.js';

const LBS = '3';
const FLATCAR = '1';

/** Run lab.sh with its progress log on our stderr; reject on a non-zero exit. */
function lab(args: string[]): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(LAB_SH, args, {
      env: { ...process.env, LAB_ID: String(labId()) },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', fail);
    child.on('exit', (code, signal) =>
      code === 0 ? done() : fail(new Error(`lab.sh ${args.join(' ')} exited ${code ?? signal}`)),
    );
  });
}

const bridge = (): string => `hkbr${labId()}`;
const bridgeExists = (): boolean => existsSync(`/sys/class/net/${bridge()}`);
const labIsUp = (): boolean => bridgeExists() && existsSync(labJsonPath());

export default async function setup(): Promise<() => Promise<void>> {
  if (process.getuid?.() !== 0)
    throw new Error('the e2e lab needs root (network namespaces, mounts, nspawn)');
  const keep = process.env.HAKA_LAB_KEEP === '1';
  if (labIsUp()) {
    process.stderr.write(`e2e: lab ${labId()} is already up; using it and leaving it up\n`);
    return async () => {};
  }
  const teardown = async (): Promise<void> => {
    if (keep) {
      process.stderr.write(
        `e2e: HAKA_LAB_KEEP=1, leaving lab ${labId()} up (lab/lab.sh down to stop it)\n`,
      );
      return;
    }
    await lab(['down']);
  };
  try {
    await lab(['build']);
    await lab(['sysext']);
    await lab(['up', LBS, '--flatcar', FLATCAR]);
    // Without the bridge, this VM's default route would complete any TCP handshake: never test then.
    if (!labIsUp())
      throw new Error(`lab ${labId()} is not up after 'lab.sh up' (no ${bridge()} or lab.json)`);
  } catch (error) {
    await teardown().catch(() => undefined);
    throw error;
  }
  return teardown;
}
