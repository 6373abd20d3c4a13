import { describe, expect, it } from 'vitest';
import { humanLogLine } from '../../src/log-lines.js';

describe('humanLogLine: a log record as a plain line for the terminal', () => {
  it('level, host and message; the extra fields after it; time and pid left out', () => {
    const record = {
      level: 50,
      time: 1764666000000,
      pid: 4242,
      host: 'lb2',
      why: 'health check failed on lb2',
      msg: 'rolling back',
    };
    expect(humanLogLine(JSON.stringify(record))).toBe(
      'haka: error: lb2: rolling back (why: health check failed on lb2)',
    );
  });

  it('a warning without a host and without extra fields', () => {
    expect(
      humanLogLine(
        '{"level":40,"time":1,"msg":"~/.ssh/config: Include is not followed by haka"}\n',
      ),
    ).toBe('haka: warning: ~/.ssh/config: Include is not followed by haka');
  });

  it('objects as JSON; control characters from hosts escaped', () => {
    expect(
      humanLogLine(
        JSON.stringify({ level: 20, msg: 'probe', problems: ['a', 'b'], out: 'x\u001b]0;t' }),
      ),
    ).toBe('haka: debug: probe (problems: ["a","b"]; out: x\\u001b]0;t)');
  });

  it('a line that is not JSON is shown as it is', () => {
    expect(humanLogLine('not json\n')).toBe('not json');
  });
});
