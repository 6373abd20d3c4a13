// Watching the VIPs while something runs: traffic through both (see vip-probe.ts) and who holds
// each one, sampled every 100 ms.
import { labInfo, vipHolders } from '../../harness/lab.js';
import { VipProbe } from './vip-probe.js';

/** An HTTP GET through the ingress VIP and a TLS handshake through the API VIP, every 100 ms. */
export function bothVipsProbe(): VipProbe {
  const { vips } = labInfo();
  return new VipProbe([
    { name: 'ingress:80 (HTTP GET)', address: vips.ingress.address, port: 80, kind: 'http' },
    { name: 'api:6443 (TLS handshake)', address: vips.api.address, port: 6443, kind: 'tls' },
  ]);
}

/** Record who holds the VIPs every 100 ms while `work` runs. */
export async function watchHolders<T>(
  work: () => Promise<T>,
): Promise<{ value: T; seen: Set<string> }> {
  const seen = new Set<string>();
  let stop = false;
  const watcher = (async () => {
    while (!stop) {
      seen.add(JSON.stringify(await vipHolders()));
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  try {
    return { value: await work(), seen };
  } finally {
    stop = true;
    await watcher;
  }
}
