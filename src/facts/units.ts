// systemd units: loaded? active? enabled? Must work on a fresh host (unit not installed yet)
// and on a host without systemd (every unit then reads as not found).
import { sh } from '../transport/sh.js';
import type { UnitFact } from './types.js';
import { factError, lines, type Fact } from './fact.js';

const PROPERTIES = 'Id,LoadState,ActiveState,SubState,UnitFileState';

export function unitsFact(units: readonly string[]): Fact<Record<string, UnitFact>> {
  // /run/systemd/system exists only when systemd is PID 1 (sd_booted(3)).
  const show = units.length > 0 ? sh`systemctl show -p ${PROPERTIES} -- ${units} 2>&1` : sh`:`;
  return {
    name: 'units',
    command: sh`if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then ${show}; else echo 'no-systemd'; fi`,
    parse: (output, exitCode) => parseUnits(output, exitCode, units),
  };
}

/** `systemctl show` prints one block of Key=Value lines per unit, in argument order, blank-line separated. */
export function parseUnits(
  output: string,
  exitCode: number,
  units: readonly string[],
): Record<string, UnitFact> {
  if (output.trim() === 'no-systemd') {
    return Object.fromEntries(units.map((name) => [name, notFound(name)]));
  }
  const blocks = output
    .split(/\n\s*\n/)
    .map((b) => parseBlock(b))
    .filter((b) => b.size > 0);
  if (blocks.length !== units.length) {
    throw factError(
      'units',
      `systemctl show (exit ${exitCode}) printed ${blocks.length} unit block(s) for ${units.length} unit(s): ${output.trim().slice(0, 500)}`,
    );
  }
  return Object.fromEntries(
    units.map((name, i) => {
      const b = blocks[i] as Map<string, string>;
      const loadState = b.get('LoadState');
      if (loadState === undefined)
        throw factError('units', `${name}: no LoadState in: ${lines(output).join(' ')}`);
      return [
        name,
        {
          name,
          loadState,
          activeState: b.get('ActiveState') ?? '',
          subState: b.get('SubState') ?? '',
          unitFileState: b.get('UnitFileState') ?? '',
        },
      ];
    }),
  );
}

function parseBlock(block: string): Map<string, string> {
  const props = new Map<string, string>();
  for (const line of lines(block)) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (m) props.set(m[1] as string, m[2] as string);
  }
  return props;
}

function notFound(name: string): UnitFact {
  return {
    name,
    loadState: 'not-found',
    activeState: 'inactive',
    subState: 'dead',
    unitFileState: '',
  };
}
