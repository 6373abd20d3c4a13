import { describe, expect, it } from 'vitest';
import { maskSecretLine, passwordsIn } from '../../../src/render/redact.js';
import { escapeControl, escapeControlKeepColors } from '../../../src/render/terminal-text.js';

describe('remote text on the terminal', () => {
  it('escapes cursor moves, title changes and carriage returns; keeps newlines and tabs', () => {
    const hostile = 'err\r\u001b[2K\u001b[1Alb1 ok\u001b]0;pwned\u0007\tend\n';
    expect(escapeControl(hostile)).toBe(
      'err\\u000d\\u001b[2K\\u001b[1Alb1 ok\\u001b]0;pwned\\u0007\tend\n',
    );
  });

  it('keeps only color codes when asked, and the result stays valid inside JSON', () => {
    expect(escapeControlKeepColors('\u001b[32mok\u001b[0m \u001b[2J\u202e')).toBe(
      '\u001b[32mok\u001b[0m \\u001b[2J\\u202e',
    );
    expect(JSON.parse(`"${escapeControl('\u0001\u009b')}"`)).toBe('\u0001\u009b');
  });
});

describe('sensitive file lines holding a password', () => {
  const old = 'vrrp_instance x {\n  # old pass was s3cret1\n  auth_pass "s3cret1"\n}\n';

  it('finds the passwords a config carries', () => {
    expect(passwordsIn(old)).toEqual(['s3cret1']);
  });

  it('hides any line that contains one, not only the auth_pass line', () => {
    expect(maskSecretLine('  # old pass was s3cret1', ['s3cret1'])).not.toContain('s3cret1');
    expect(maskSecretLine('  auth_pass s3cret1', ['s3cret1'])).toBe('  auth_pass ********');
    expect(maskSecretLine('  priority 100', ['s3cret1'])).toBe('  priority 100');
  });
});
