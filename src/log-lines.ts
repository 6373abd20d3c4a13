// A structured log record (pino's JSON line) as one plain line for a person at a terminal:
// `haka: warning: lb1: message (key: value)`. Pure; the JSON itself goes to --log-file or,
// on request (--log-format json), to stderr.
import { escapeControl } from './render/terminal-text.js';

const LEVELS: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warning',
  50: 'error',
  60: 'fatal',
};
// Fields every record has or that the line already shows.
const SHOWN = new Set(['level', 'time', 'msg', 'host', 'pid', 'hostname', 'cmd', 'v']);

function value(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function humanLogLine(json: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return escapeControl(json.trimEnd());
  }
  const level = LEVELS[record.level as number] ?? String(record.level);
  const host = typeof record.host === 'string' ? `${record.host}: ` : '';
  const extra = Object.entries(record)
    .filter(([k, v]) => !SHOWN.has(k) && v !== undefined)
    .map(([k, v]) => `${k}: ${value(v)}`);
  const msg = typeof record.msg === 'string' ? record.msg : '';
  const tail = extra.length > 0 ? ` (${extra.join('; ')})` : '';
  return escapeControl(`haka: ${level}: ${host}${msg}${tail}`);
}
