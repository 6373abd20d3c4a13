// The live progress display as the terminal (or a log) receives it, on a fixed clock and
// without its timer: every byte it writes, for a terminal and for a pipe.
import { describe, expect, it } from 'vitest';
import { LiveProgress } from '../../../src/commands/live-progress.js';

const T0 = Date.parse('2026-12-02T12:40:00.000Z');

function display(terminal: boolean, enabled = true) {
  let now = T0;
  const out: string[] = [];
  const live = new LiveProgress({
    write: (text) => out.push(text),
    enabled,
    terminal,
    color: false,
    columns: () => 100,
    now: () => now,
    tickMs: 0,
  });
  return { live, out, at: (ms: number) => (now = T0 + ms) };
}

describe('LiveProgress without a terminal', () => {
  it('one timestamped line per step per host, a repeated step once, then each outcome', () => {
    const { live, out, at } = display(false);
    live.step('lb1', 'connect');
    live.step('lb2', 'connect');
    at(300);
    live.step('lb1', 'facts');
    at(2_000);
    live.step('lb1', 'validating');
    live.step('lb1', 'validating');
    at(4_500);
    live.step('lb1', 'reloading');
    at(9_000);
    live.finish([
      { host: 'lb1', status: 'changed' },
      { host: 'lb2', status: 'unreachable' },
    ]);
    expect(out.join('')).toBe(
      [
        '12:40:00.000Z lb1: connect',
        '12:40:00.000Z lb2: connect',
        '12:40:00.300Z lb1: facts',
        '12:40:02.000Z lb1: validating',
        '12:40:04.500Z lb1: reloading',
        '12:40:09.000Z lb1: changed after 9.0s',
        '12:40:09.000Z lb2: unreachable after 9.0s',
        '',
      ].join('\n'),
    );
  });

  it('disabled (--json): writes nothing at all', () => {
    const { live, out } = display(false, false);
    live.step('lb1', 'connect');
    live.finish([{ host: 'lb1', status: 'ok' }]);
    live.above(() => out.push('recap\n'));
    expect(out).toEqual(['recap\n']);
  });
});

describe('LiveProgress on a terminal', () => {
  it('redraws the host lines in place at each step; the final frame stays', () => {
    const { live, out, at } = display(true);
    live.step('lb1', 'connect');
    at(100);
    live.step('lb2', 'connect');
    at(1_500);
    live.step('lb1', 'reloading');
    at(3_000);
    live.finish([
      { host: 'lb1', status: 'changed' },
      { host: 'lb2', status: 'ok' },
    ]);
    expect(out).toEqual([
      '\u001b[2Klb1  connect                 0.0s  (0.0s so far)\n\u001b[0J',
      '\u001b[1A\r' +
        '\u001b[2Klb1  connect                 0.1s  (0.1s so far)\n' +
        '\u001b[2Klb2  connect                 0.0s  (0.0s so far)\n\u001b[0J',
      '\u001b[2A\r' +
        '\u001b[2Klb1  reloading               0.0s  (1.5s so far)\n' +
        '\u001b[2Klb2  connect                 1.4s  (1.4s so far)\n\u001b[0J',
      '\u001b[2A\r' +
        '\u001b[2Klb1  changed               in 3.0s\n' +
        '\u001b[2Klb2  ok                    in 2.9s\n\u001b[0J',
    ]);
  });

  it('other output goes above the lines: erased, written, drawn again below it', () => {
    const { live, out, at } = display(true);
    live.step('lb1', 'staging');
    at(500);
    out.length = 0;
    live.above(() => out.push('haka: warning: lb1: something\n'));
    expect(out).toEqual([
      '\u001b[1A\r\u001b[0J',
      'haka: warning: lb1: something\n',
      '\u001b[2Klb1  staging                 0.5s  (0.5s so far)\n\u001b[0J',
    ]);
  });

  it('clear takes the lines off before the plan; the next step draws them again from there', () => {
    const { live, out, at } = display(true);
    live.step('lb1', 'facts');
    live.clear();
    live.above(() => out.push('PLAN\n'));
    at(2_000);
    live.step('lb1', 'staging');
    expect(out.slice(1)).toEqual([
      '\u001b[1A\r\u001b[0J',
      'PLAN\n',
      '\u001b[2Klb1  staging                 0.0s  (2.0s so far)\n\u001b[0J',
    ]);
  });
});
