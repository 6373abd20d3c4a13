// Ansible host patterns with ranges: `lb[1:3]`, `web[01:10]`, `db-[a:c]`, `10.17.4.[21:23]`,
// and steps `[1:9:2]`. Hand-written: the rule is small and specific to Ansible's INI inventory.

const RANGE = /\[([0-9]+|[a-z]):([0-9]+|[a-z])(?::([0-9]+))?\]/;

/** Every host name a pattern stands for, in order; a pattern without a range is itself. */
export function expandHostPattern(pattern: string): string[] {
  const match = RANGE.exec(pattern);
  if (!match) return [pattern];
  const [whole, from = '', to = '', step = '1'] = match;
  const head = pattern.slice(0, match.index);
  const tail = pattern.slice(match.index + whole.length);
  return rangeValues(from, to, Number(step), pattern).flatMap((value) =>
    expandHostPattern(`${head}${value}${tail}`),
  );
}

function rangeValues(from: string, to: string, step: number, pattern: string): string[] {
  if (step < 1) throw new Error(`host range ${pattern}: the step must be at least 1`);
  const numeric = /^[0-9]+$/.test(from);
  if (numeric !== /^[0-9]+$/.test(to))
    throw new Error(`host range ${pattern}: both ends must be numbers or both letters`);
  const start = numeric ? Number(from) : from.charCodeAt(0);
  const end = numeric ? Number(to) : to.charCodeAt(0);
  if (end < start) throw new Error(`host range ${pattern}: the end comes before the start`);
  if ((end - start) / step >= 1024)
    throw new Error(`host range ${pattern}: more than 1024 hosts in one range`);
  // A leading zero means a fixed width: web[01:10] is web01..web10.
  const width = numeric && from.length > 1 && from.startsWith('0') ? from.length : 0;
  const values: string[] = [];
  for (let n = start; n <= end; n += step)
    values.push(numeric ? String(n).padStart(width, '0') : String.fromCharCode(n));
  return values;
}
