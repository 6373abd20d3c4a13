// Optional ANSI colors; the caller decides (off when stdout is not a TTY).
import { escapeControl } from './terminal-text.js';

export type Style =
  'plain' | 'ok' | 'change' | 'bad' | 'added' | 'removed' | 'hunk' | 'header' | 'dim';

const CODES: Record<Exclude<Style, 'plain'>, string> = {
  ok: '32',
  change: '33',
  bad: '31',
  added: '32',
  removed: '31',
  hunk: '36',
  header: '1',
  dim: '2',
};

export interface StyledLine {
  style: Style;
  text: string;
}

export function paint(line: StyledLine, color: boolean): string {
  const text = escapeControl(line.text);
  if (!color || line.style === 'plain') return text;
  return `\u001b[${CODES[line.style]}m${text}\u001b[0m`;
}
