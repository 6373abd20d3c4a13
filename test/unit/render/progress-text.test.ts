// The live progress as text, on a fixed clock: the board, the terminal frame, the plain lines.
import { describe, expect, it } from 'vitest';
import {
  advance,
  conclude,
  erase,
  progressFrame,
  progressLine,
  redraw,
  seconds,
  timeOfDay,
} from '../../../src/render/progress-text.js';

const T0 = Date.parse('2026-12-02T12:40:00.000Z');

describe('advance', () => {
  it('adds a host at its first step, keeps its start when it moves on', () => {
    let board = advance([], 'lb1', 'connect', T0);
    board = advance(board, 'lb2', 'connect', T0 + 10);
    board = advance(board, 'lb1', 'facts', T0 + 400);
    expect(board).toEqual([
      { host: 'lb1', step: 'facts', since: T0, stepSince: T0 + 400 },
      { host: 'lb2', step: 'connect', since: T0 + 10, stepSince: T0 + 10 },
    ]);
  });

  it('the same step again changes nothing (its elapsed time keeps counting)', () => {
    const board = advance([], 'lb1', 'validating', T0);
    expect(advance(board, 'lb1', 'validating', T0 + 900)).toEqual(board);
  });

  it('conclude: hosts listed get their outcome, at the time the run ended', () => {
    const board = advance(advance([], 'lb1', 'verifying', T0), 'lb2', 'verifying', T0);
    expect(conclude(board, [{ host: 'lb1', status: 'changed' }], T0 + 5000)).toEqual([
      { host: 'lb1', step: 'verifying', since: T0, stepSince: T0 + 5000, outcome: 'changed' },
      { host: 'lb2', step: 'verifying', since: T0, stepSince: T0 },
    ]);
  });
});

describe('times', () => {
  it('seconds under a minute with a tenth, then minutes and seconds', () => {
    expect([0, 420, 12_345, 59_949, 125_000, -5].map(seconds)).toEqual([
      '0.0s',
      '0.4s',
      '12.3s',
      '59.9s',
      '2m05s',
      '0.0s',
    ]);
  });

  it('time of day in UTC with milliseconds', () => {
    expect(timeOfDay(T0 + 1_123)).toBe('12:40:01.123Z');
  });
});

describe('without a terminal: one timestamped line per step', () => {
  it('a step, then the outcome with the host time', () => {
    const board = advance([], 'lb1', 'connect', T0);
    const reloading = advance(board, 'lb1', 'reloading', T0 + 7_250);
    expect(progressLine(reloading[0]!)).toBe('12:40:07.250Z lb1: reloading');
    const done = conclude(reloading, [{ host: 'lb1', status: 'changed' }], T0 + 14_000);
    expect(progressLine(done[0]!)).toBe('12:40:14.000Z lb1: changed after 14.0s');
  });
});

describe('on a terminal: one line per host', () => {
  let board = advance([], 'lb1', 'connect', T0);
  board = advance(board, 'loadbalancer2', 'connect', T0);
  board = advance(board, 'lb1', 'health gate', T0 + 8_000);
  board = advance(board, 'loadbalancer2', 'waiting for its turn', T0 + 6_000);

  it('step, time in it, time so far; names and steps aligned; plain without colour', () => {
    expect(progressFrame(board, T0 + 10_500, { color: false, columns: 120 })).toEqual([
      'lb1            health gate             2.5s  (10.5s so far)',
      'loadbalancer2  waiting for its turn    4.5s  (10.5s so far)',
    ]);
  });

  it('a line wider than the terminal is cut (a wrapped line would break the redraw)', () => {
    const [line] = progressFrame(board, T0 + 10_500, { color: false, columns: 30 });
    expect(line).toBe('lb1            health gate  …');
    expect(line!.length).toBe(29);
  });

  it('outcomes coloured like the recap: changed yellow, ok green, failed and refused red', () => {
    let b = advance(advance([], 'a', 'verifying', T0), 'b', 'verifying', T0);
    b = advance(advance(b, 'c', 'verifying', T0), 'd', 'connect', T0);
    const done = conclude(
      b,
      [
        { host: 'a', status: 'changed' },
        { host: 'b', status: 'ok' },
        { host: 'c', status: 'failed' },
        { host: 'd', status: 'refused' },
      ],
      T0 + 3_000,
    );
    expect(progressFrame(done, T0 + 9_000, { color: true, columns: 80 })).toEqual([
      '\u001b[33ma  changed               in 3.0s\u001b[0m',
      '\u001b[32mb  ok                    in 3.0s\u001b[0m',
      '\u001b[31mc  failed                in 3.0s\u001b[0m',
      '\u001b[31md  refused               in 3.0s\u001b[0m',
    ]);
    expect(progressFrame(done, T0 + 9_000, { color: false, columns: 80 })[0]).toBe(
      'a  changed               in 3.0s',
    );
  });
});

describe('redrawing in place', () => {
  it('the first frame is written where the cursor is; the next goes up over the last one', () => {
    expect(redraw(0, ['one', 'two'])).toBe('\u001b[2Kone\n\u001b[2Ktwo\n\u001b[0J');
    expect(redraw(2, ['one', 'two'])).toBe('\u001b[2A\r\u001b[2Kone\n\u001b[2Ktwo\n\u001b[0J');
  });

  it('erase goes up over the lines and clears to the end of the screen', () => {
    expect(erase(3)).toBe('\u001b[3A\r\u001b[0J');
    expect(erase(0)).toBe('');
  });
});
