// Secrets never appear in any output: plan text (with and without --diff), JSON, recap.
import { describe, expect, it } from 'vitest';
import { planToJson, redact, renderPlan } from '../../../src/render/index.js';
import { maskPasswordLine, oldPasswordsIn } from '../../../src/render/redact.js';
import { Redactor } from '../../../src/log.js';
import { SECRET_VALUES } from '../tasks/support/fixtures.js';
import { setFile } from '../tasks/support/tweaks.js';
import { planFor } from './support.js';

const OLD_KEEPALIVED =
  'vrrp_instance OLD {\n    authentication {\n        auth_type PASS\n        auth_pass 0ldSecr\n    }\n}\n';

const plans = {
  'fresh install': planFor('debian12-fresh'),
  'replacing an old keepalived.conf': planFor('debian12-preinstalled', {
    tweak: (f) => setFile(f, '/etc/keepalived/keepalived.conf', OLD_KEEPALIVED),
  }),
  'drift on a converged host': planFor('debian12-converged', {
    tweak: (f) => setFile(f, '/etc/keepalived/keepalived.conf', OLD_KEEPALIVED),
  }),
  uninstall: planFor('debian12-converged', { command: 'uninstall', purge: true }),
};

describe.each(Object.entries(plans))('%s', (_name, p) => {
  const outputs = [
    renderPlan(p, { diff: true, secrets: SECRET_VALUES }),
    renderPlan(p, { diff: false, secrets: SECRET_VALUES }),
    renderPlan(p, { diff: true, secrets: SECRET_VALUES, color: true }),
    JSON.stringify(planToJson(p, SECRET_VALUES)),
  ];

  it('the plan itself does carry the secrets (so the test proves something)', () => {
    expect(JSON.stringify(p)).toContain(SECRET_VALUES[0]);
  });

  it('no secret value in any output', () => {
    for (const out of outputs)
      for (const secret of SECRET_VALUES) expect(out).not.toContain(secret);
  });

  it('an old password from the host (not one of haka’s secrets) is masked too', () => {
    for (const out of outputs) expect(out).not.toContain('0ldSecr');
  });

  it('an old password is scrubbed from every later output and log line (a command’s stderr)', () => {
    const redactor = new Redactor();
    redactor.add(...oldPasswordsIn(p));
    const line = 'keepalived: line 4: unknown keyword 0ldSecr';
    const old = JSON.stringify(p).includes('0ldSecr');
    expect(redactor.scrub(line)).toBe(old ? 'keepalived: line 4: unknown keyword ********' : line);
  });
});

describe('redaction helpers', () => {
  it('replaces every occurrence, longest secret first', () => {
    expect(redact('a=abc b=abcdef c=abc', ['abc', 'abcdef'])).toBe(
      'a=******** b=******** c=********',
    );
  });

  it('ignores empty secrets', () => {
    expect(redact('text', [''])).toBe('text');
  });

  it('masks password lines of keepalived and HAProxy', () => {
    expect(maskPasswordLine('        auth_pass "x y"')).toBe('        auth_pass ********');
    expect(maskPasswordLine('    stats auth admin:pw')).toBe('    stats auth ********');
    expect(maskPasswordLine('    user ops password $6$salt$hash')).toBe(
      '    user ops password ********',
    );
    expect(maskPasswordLine('    priority 100')).toBe('    priority 100');
  });

  it('the e2e contract: a redacted auth_pass line reads "auth_pass ********"', () => {
    expect(renderPlan(planFor('debian12-fresh'), { diff: true, secrets: SECRET_VALUES })).toContain(
      '+        auth_pass ********',
    );
  });
});
