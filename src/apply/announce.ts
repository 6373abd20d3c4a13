// Gratuitous ARP from each VIP's holder at the end of a run. When a VIP moved during the run (a
// handover, a rollback, a split brain that ended), clients and routers may still have the MAC of a
// host that held it for a moment; keepalived announces only when a host *becomes* MASTER, so the
// legitimate holder that never changed state stays silent. socat (installed with haka's packages)
// sends the frame on a raw packet socket: no arping or other tool is needed on the host.
import type { Logger } from 'pino';
import type { Inventory } from '../inventory/types.js';
import { VIP_NAMES } from '../inventory/types.js';
import { sh } from '../transport/sh.js';
import type { Transport } from '../transport/types.js';

const MAC = /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/;
/** socat splits its address at ':' and ','; only plain interface names are handed over. */
const IFNAME = /^[A-Za-z0-9_.-]{1,15}$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

interface LinkJson {
  ifname?: unknown;
  address?: unknown;
  addr_info?: { local?: unknown }[];
}

/** Pure: the interface and MAC carrying `address`, from `ip -j addr show`; null when not held. */
export function linkHolding(
  ipJson: string,
  address: string,
): { ifname: string; mac: string } | null {
  let links: LinkJson[];
  try {
    links = JSON.parse(ipJson) as LinkJson[];
  } catch {
    return null;
  }
  if (!Array.isArray(links)) return null;
  const link = links.find((l) => (l.addr_info ?? []).some((a) => a.local === address));
  if (!link || typeof link.ifname !== 'string' || typeof link.address !== 'string') return null;
  if (!IFNAME.test(link.ifname) || !MAC.test(link.address)) return null;
  return { ifname: link.ifname, mac: link.address };
}

/**
 * Pure: one gratuitous ARP Ethernet frame (broadcast; sender and target IP both the VIP), padded to
 * Ethernet's 60-byte minimum. `op` 1 is the request form, 2 the reply form; hosts differ in which
 * one they honour, so both are sent.
 */
export function garpFrame(mac: string, address: string, op: 1 | 2): Buffer {
  const m = IPV4.exec(address);
  if (!MAC.test(mac) || !m) throw new Error(`not a MAC and IPv4 address: ${mac} ${address}`);
  const hw = mac.split(':').map((b) => parseInt(b, 16));
  const ip = m.slice(1).map(Number);
  const target = op === 1 ? [0, 0, 0, 0, 0, 0] : [0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
  const bytes = [
    ...[0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
    ...hw,
    0x08,
    0x06, // ARP
    0x00,
    0x01,
    0x08,
    0x00,
    6,
    4, // Ethernet / IPv4
    0x00,
    op,
    ...hw,
    ...ip,
    ...target,
    ...ip,
  ];
  return Buffer.from([...bytes, ...new Array<number>(60 - bytes.length).fill(0)]);
}

/** Pure: the frame as a printf(1) format of octal escapes (only backslashes and digits). */
export function printfEscapes(frame: Buffer): string {
  return [...frame].map((b) => `\\${b.toString(8).padStart(3, '0')}`).join('');
}

/** Each VIP's holder announces it; returns one line per VIP for the report. Never throws. */
export async function announceVips(
  inventory: Inventory,
  transports: Map<string, Transport>,
  log: Logger,
): Promise<string[]> {
  const links = new Map<string, string>();
  await Promise.all(
    [...transports].map(async ([host, t]) => {
      const r = await t.exec(sh`ip -j addr show`, { sudo: false }).catch(() => null);
      if (r?.exitCode === 0) links.set(host, r.stdout);
    }),
  );
  const lines: string[] = [];
  for (const vip of VIP_NAMES) {
    const address = inventory.vips[vip].address;
    const holder = [...links].find(([, json]) => linkHolding(json, address) !== null);
    if (!holder) continue;
    const [host, json] = holder;
    const link = linkHolding(json, address) as { ifname: string; mac: string };
    const send = (op: 1 | 2) =>
      sh`printf ${printfEscapes(garpFrame(link.mac, address, op))} | socat -u STDIN ${`INTERFACE:${link.ifname}`}`;
    const r = await (transports.get(host) as Transport)
      .exec(sh`${send(1)} && ${send(2)}`, { sudo: true })
      .catch((e: Error) => ({ exitCode: 1, stderr: e.message }));
    if (r.exitCode === 0)
      lines.push(`VIP ${vip}: re-announced by ${host} (gratuitous ARP on ${link.ifname})`);
    else {
      log.warn({ host, vip, stderr: r.stderr }, 'gratuitous ARP failed');
      lines.push(
        `VIP ${vip}: ${host} could not re-announce it (gratuitous ARP): ${r.stderr.trim().slice(0, 200)}`,
      );
    }
  }
  return lines;
}
