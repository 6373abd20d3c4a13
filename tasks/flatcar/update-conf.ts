// /etc/flatcar/update.conf: haka sets the reboot strategy and this host's window and keeps every
// other line (GROUP=, SERVER=, ...) as the operator wrote it. PURE.
import { HAKA_MARKER } from '../managed-file.js';
import type { RebootWindow } from './reboot-window.js';
import { goDuration, parseGoDuration } from './reboot-window.js';

export const STRATEGY = 'REBOOT_STRATEGY';
export const WINDOW_START = 'LOCKSMITHD_REBOOT_WINDOW_START';
export const WINDOW_LENGTH = 'LOCKSMITHD_REBOOT_WINDOW_LENGTH';
const KEYS = [STRATEGY, WINDOW_START, WINDOW_LENGTH];

function keyOf(line: string): string | null {
  return /^\s*([A-Z_][A-Z0-9_]*)=/.exec(line)?.[1] ?? null;
}

const unquote = (v: string): string => v.trim().replace(/^"(.*)"$/, '$1');

/** The operator's lines (without haka's keys and its header), then haka's block. */
export function renderUpdateConf(
  current: string | null,
  host: string,
  window: RebootWindow,
): string {
  const kept = (current ?? '')
    .split('\n')
    .filter((line) => !KEYS.includes(keyOf(line) ?? '') && !line.includes(HAKA_MARKER));
  while (kept.length > 0 && kept[kept.length - 1] === '') kept.pop();
  return [
    ...kept,
    `# ${HAKA_MARKER}: ${host}'s update reboot window; the cluster's load balancers never share one`,
    `${STRATEGY}=reboot`,
    `${WINDOW_START}="${window.start}"`,
    `${WINDOW_LENGTH}=${goDuration(window.lengthMinutes)}`,
    '',
  ].join('\n');
}

/** update.conf's KEY=value lines (the last one of a key wins, as in a shell). */
function valuesOf(content: string | null): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of (content ?? '').split('\n')) {
    const key = keyOf(line);
    if (key) values.set(key, unquote(line.slice(line.indexOf('=') + 1)));
  }
  return values;
}

/** The window a host's update.conf sets now; null when it sets none (or reboots are off). */
export function parseUpdateWindow(content: string | null): RebootWindow | null {
  if (content === null) return null;
  const values = valuesOf(content);
  if (values.get(STRATEGY) === 'off') return null;
  const start = values.get(WINDOW_START);
  const length = parseGoDuration(values.get(WINDOW_LENGTH) ?? '');
  if (start === undefined || length === null) return null;
  return { start, lengthMinutes: length };
}

/** What a host does with updates now: reboot inside a window, at any time, or never (off). */
export type RebootPolicy = RebootWindow | 'any time' | 'never';

export function currentRebootPolicy(content: string | null): RebootPolicy {
  if (valuesOf(content).get(STRATEGY) === 'off') return 'never';
  return parseUpdateWindow(content) ?? 'any time';
}
