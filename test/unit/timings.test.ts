import { describe, expect, it } from 'vitest';
import { renderTimings, Timings } from '../../src/timings.js';

describe('Timings', () => {
  it('adds up a phase per host; a phase shared by hosts counts in full for each', async () => {
    const t = new Timings();
    t.add('lb1', 'connect', 100.4);
    t.add('lb1', 'staging', 10);
    t.add('lb1', 'staging', 5.2);
    await t.time(['lb1', 'lb2'], 'gates', async () => {
      await new Promise((r) => setTimeout(r, 20));
    });
    const json = t.toJson(['lb2', 'lb1', 'lb3']);
    expect(Object.keys(json)).toEqual(['lb2', 'lb1']);
    expect(json.lb1).toMatchObject({ connect: 100, staging: 15 });
    expect(Object.keys(json.lb1 ?? {})).toEqual(['connect', 'staging', 'gates']);
    expect(json.lb1?.gates).toBeGreaterThanOrEqual(19);
    expect(json.lb2?.gates).toBe(json.lb1?.gates);
  });

  it('a failing phase is still timed', async () => {
    const t = new Timings();
    await expect(
      t.for('lb1')('validation', () => Promise.reject(new Error('invalid'))),
    ).rejects.toThrow('invalid');
    expect(t.toJson(['lb1']).lb1?.validation).toBeGreaterThanOrEqual(0);
  });
});

describe('renderTimings', () => {
  it('one row per host, seconds, "-" for a phase that did not run', () => {
    const text = renderTimings({ lb1: { connect: 1234, facts: 50 }, lb2: { connect: 80 } });
    const lines = text.split('\n');
    expect(lines[0]).toBe('TIMINGS (seconds)');
    expect(lines[1]).toMatch(/^ {2}host +connect +facts +packages .* verification$/);
    expect(lines[2]).toMatch(/^ {2}lb1 +1\.2 +0\.1 +- /);
    expect(lines[3]).toMatch(/^ {2}lb2 +0\.1 +- /);
  });
});
