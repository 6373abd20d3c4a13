// Reads one member of a tar archive held in memory. Hand-written because all haka needs from a
// directory image is its small extension-release file: a ~30-line reader of the 512-byte ustar
// headers (with GNU long names and pax paths) beats a dependency with a streaming extractor.
const BLOCK = 512;

function field(header: Buffer, offset: number, length: number): string {
  const raw = header.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? length : end).toString('utf8');
}

const normalize = (name: string): string => name.replace(/^(\.\/)+/, '').replace(/^\/+/, '');

/** The content of `member` (a path like usr/lib/x), or null when the archive has no such file. */
export function readTarMember(archive: Buffer, member: string): Buffer | null {
  let offset = 0;
  let longName: string | null = null;
  while (offset + BLOCK <= archive.length) {
    const header = archive.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) return null;
    const size = parseInt(field(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] ?? 48);
    const body = archive.subarray(offset + BLOCK, offset + BLOCK + size);
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L') {
      longName = body.toString('utf8').replace(/\0.*$/s, '');
      continue;
    }
    if (type === 'x') {
      const path = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'));
      if (path) longName = path[1] as string;
      continue;
    }
    const prefix = field(header, 345, 155);
    const name =
      longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    longName = null;
    if ((type === '0' || type === '\0') && normalize(name) === member) return Buffer.from(body);
  }
  return null;
}
