// The RECAP block of haka's output, one row per host: "lb1 : ok=8  changed=2  failed=0  changed[: reason]".
// `message` is the host's full text, from its section above the recap ("lb1: unreachable" and the
// text indented under it), else the recap's short reason.
export interface RecapRow {
  ok: number;
  changed: number;
  failed: number;
  status: string;
  message: string;
}

export function recap(stdout: string): Map<string, RecapRow> {
  const rows = new Map<string, RecapRow>();
  const block = stdout.slice(stdout.lastIndexOf('RECAP\n') + 'RECAP\n'.length);
  // A row's message may continue on indented lines (a validator's output).
  const rowRe =
    /^(\S+) : ok=(\d+)\s+changed=(\d+)\s+failed=(\d+)\s+([a-z-]+)(?::\s([\s\S]*?))?(?=\n\S+ : ok=|\s*(?![\s\S]))/gm;
  const head = stdout.slice(0, stdout.lastIndexOf('RECAP\n'));
  const full = new Map<string, string>();
  for (const m of head.matchAll(/^(\S+): ([a-z-]+)\n((?: {2}.*(?:\n|$))+)/gm))
    full.set(m[1] as string, (m[3] as string).replace(/^ {2}/gm, '').trimEnd());
  for (const m of block.matchAll(rowRe)) {
    const [, host = '', ok, changed, failed, status = '', short = ''] = m;
    const message = full.get(host) ?? short;
    rows.set(host, {
      ok: Number(ok),
      changed: Number(changed),
      failed: Number(failed),
      status,
      message,
    });
  }
  return rows;
}

/** Status of each host, e.g. { lb1: 'unreachable', lb2: 'changed' }. */
export function statuses(stdout: string): Record<string, string> {
  return Object.fromEntries([...recap(stdout)].map(([h, r]) => [h, r.status]));
}
