import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { collectHostNames, parseDuration, positiveInteger } from '../../src/option-values.js';

describe('option values', () => {
  it.each([
    ['90s', 90_000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['500ms', 500],
    ['60', 60_000],
  ])('duration %s is %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['abc', '', '0', '0s', '-5s', '1.5m', '2d', '25h', 'NaN', '1e3'])(
    'duration %j is refused',
    (text) => expect(() => parseDuration(text)).toThrow(InvalidArgumentError),
  );

  it('takes whole numbers in range only', () => {
    const n = positiveInteger(100);
    expect(n('10')).toBe(10);
    for (const bad of ['abc', '0', '101', '-1', '2.5', ''])
      expect(() => n(bad), bad).toThrow(InvalidArgumentError);
  });

  it('collects host names and refuses what cannot be one', () => {
    expect(collectHostNames('lb1,lb2', ['lb0'])).toEqual(['lb0', 'lb1', 'lb2']);
    for (const bad of ['a;b', '', 'lb1,', '../x', 'a b'])
      expect(() => collectHostNames(bad, []), bad).toThrow(InvalidArgumentError);
  });
});
