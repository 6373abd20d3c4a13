// Just enough IPv4 arithmetic to find the interface that holds a VIP's subnet.

export function parseIpv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255))
    return null;
  return parts.reduce((value, p) => value * 256 + Number(p), 0);
}

/** Division rather than shifts: JS shifts are signed 32-bit and break above 2^31. */
function network(address: number, prefix: number): number {
  const size = 2 ** (32 - prefix);
  return Math.floor(address / size) * size;
}

export function inSubnet(address: string, subnet: string, prefix: number): boolean {
  const a = parseIpv4(address);
  const s = parseIpv4(subnet);
  return a !== null && s !== null && network(a, prefix) === network(s, prefix);
}

/** 10.17.5.10 with prefix 24 → 10.17.5.0/24. */
export function subnetOf(address: string, prefix: number): string {
  const a = parseIpv4(address);
  if (a === null) return `${address}/${prefix}`;
  const n = network(a, prefix);
  return `${[24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.')}/${prefix}`;
}
