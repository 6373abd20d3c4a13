// A converged 3-host cluster with lb1 holding both VIPs: reuse the lab as it is when `haka check`
// finds it in sync and healthy (saves a reset and an install between files), else reset + install.
import { freshBaseline, lb1HoldsBothVips } from '../safety/support/baseline.js';
import { inventoryPath } from '../harness/lab.js';
import { haka } from './haka.js';

export async function convergedCluster(): Promise<string> {
  const inventory = inventoryPath();
  const check = await haka(['check'], { inventory });
  const status = check.code === 0 ? await haka(['status'], { inventory }) : null;
  if (status?.code !== 0) return freshBaseline();
  await lb1HoldsBothVips();
  return inventory;
}
