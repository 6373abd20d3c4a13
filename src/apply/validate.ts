// Validating a staged config with the real program, and judging its verdict. Pure: the command
// is built here, run by apply, and its result judged here.
// - haproxy -c: exit 0 and "Configuration file is valid" on stdout; errors are [ALERT] lines.
// - keepalived -t (2.2.7): the exit code cannot be trusted. Measured on Debian 12: a valid file
//   exits 143 (SIGTERM to itself) with no output; errors exit 143 or 5; a missing file exits 0
//   ("Config files missing"). So the verdict comes from stderr: a valid file prints nothing, and
//   any line it prints is a finding (the same finding is often repeated, with and without the
//   "(file: Line N)" prefix: they are reported once).
import type { Validator } from '../plan/types.js';
import { sh, type Shell } from '../transport/sh.js';
import type { ExecResult } from '../transport/types.js';

export interface ValidationVerdict {
  ok: boolean;
  message: string;
}

export function validateCommand(validator: Validator, stagedPath: string): Shell {
  return validator === 'haproxy'
    ? sh`/usr/sbin/haproxy -c -f ${stagedPath}`
    : sh`/usr/sbin/keepalived -t -f ${stagedPath}`;
}

function outputLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '');
}

function judgeHaproxy(result: ExecResult): ValidationVerdict {
  const lines = outputLines(`${result.stdout}\n${result.stderr}`);
  const alerts = lines.filter((l) => l.startsWith('[ALERT]'));
  const warnings = lines.filter((l) => l.startsWith('[WARNING]'));
  const valid =
    result.exitCode === 0 && lines.some((l) => l.includes('Configuration file is valid'));
  if (valid)
    return {
      ok: true,
      message:
        warnings.length > 0
          ? `valid, with warnings:\n${warnings.join('\n')}`
          : 'Configuration file is valid',
    };
  const detail = alerts.length > 0 ? alerts : lines.filter((l) => !l.startsWith('[NOTICE]'));
  return {
    ok: false,
    message: `haproxy -c (exit ${status(result)}):\n${detail.join('\n') || '(no output)'}`,
  };
}

/** Lines keepalived prints on errors, for ordering the report (every line counts as a finding). */
const KEEPALIVED_ERROR =
  /Unknown keyword|Unexpected|missing '\}'|extra '\{'|Config files? missing|[Ii]nvalid|not valid|outside range|Truncating|syntax error|[Ee]rror|WARNING|doesn't exist|Non-existent|not found|Unable|unsafe|security|[Uu]nterminated|[Uu]nmatched/;

/** The shell (not keepalived) reports the SIGTERM it sends itself: not a finding. */
const KEEPALIVED_NOISE = /^(Terminated|Killed)$/;

function withoutLocation(line: string): string {
  return line.replace(/^\((?:[^()]*: )?Line \d+\)\s*/, '');
}

export function keepalivedFindings(stderr: string): string[] {
  const seen = new Set<string>();
  const findings: string[] = [];
  for (const line of outputLines(stderr)) {
    if (KEEPALIVED_NOISE.test(line.trim())) continue;
    const key = withoutLocation(line.trim());
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(line.trim());
  }
  // Recognised error lines first; unknown lines still count (a valid file prints nothing).
  return [
    ...findings.filter((l) => KEEPALIVED_ERROR.test(l)),
    ...findings.filter((l) => !KEEPALIVED_ERROR.test(l)),
  ];
}

function judgeKeepalived(result: ExecResult): ValidationVerdict {
  const findings = keepalivedFindings(`${result.stderr}\n${result.stdout}`);
  const exitAccepted =
    result.exitCode === 0 ||
    result.exitCode === 143 ||
    result.signal === 'SIGTERM' ||
    result.signal === 'TERM';
  if (findings.length === 0 && exitAccepted)
    return { ok: true, message: 'keepalived -t found no problem' };
  const why = findings.length > 0 ? findings.join('\n') : `exit ${status(result)} without output`;
  return { ok: false, message: `keepalived -t (exit ${status(result)}):\n${why}` };
}

function status(result: ExecResult): string {
  return result.exitCode !== null ? String(result.exitCode) : (result.signal ?? 'unknown');
}

export function judgeValidation(validator: Validator, result: ExecResult): ValidationVerdict {
  return validator === 'haproxy' ? judgeHaproxy(result) : judgeKeepalived(result);
}
