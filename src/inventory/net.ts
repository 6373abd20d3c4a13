// IPv4 arithmetic for preflight: subnets are compared as 32-bit integers.

/** Parses a dotted-quad IPv4 address; null when it is not one. */
export function parseIpv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** The network address of `address` with `prefix` bits, e.g. (10.17.3.12, 24) → 10.17.3.0. */
export function networkOf(address: number, prefix: number): number {
  const hostBits = 32 - prefix;
  // Division instead of bit shifts: JS shifts are signed 32-bit and break above 2^31.
  return Math.floor(address / 2 ** hostBits) * 2 ** hostBits;
}

/** `10.17.3.12` with prefix 24 → `10.17.3.0/24`; null when the address is not IPv4. */
export function cidrOf(address: string, prefix: number): string | null {
  const parsed = parseIpv4(address);
  return parsed === null ? null : `${formatIpv4(networkOf(parsed, prefix))}/${prefix}`;
}

/** True when both addresses fall in the same network of `prefix` bits. */
export function sameSubnet(a: string, b: string, prefix: number): boolean {
  const pa = parseIpv4(a);
  const pb = parseIpv4(b);
  return pa !== null && pb !== null && networkOf(pa, prefix) === networkOf(pb, prefix);
}
