// Privilege escalation for commands sent over SSH. `sudo -n` never prompts, so a host
// that wants a password fails at once instead of hanging the run.
import { sh, type Shell } from './sh.js';

/**
 * The command text as sent: unchanged for root or sudo=false; otherwise run by a root `sh -c`,
 * so pipes and redirections inside `command` are privileged too.
 */
export function withSudo(command: Shell, loginUser: string, sudo: boolean): Shell {
  if (!sudo || loginUser === 'root') return command;
  return sh`sudo -n -- sh -c ${command.text}`;
}

const PASSWORD_REQUIRED = /^sudo: (a password is required|a terminal is required)/m;

/** Put a plain explanation in front of sudo's terse refusal; other stderr is returned as is. */
export function explainSudoFailure(stderr: string, host: string, loginUser: string): string {
  if (!PASSWORD_REQUIRED.test(stderr)) return stderr;
  return (
    `haka: sudo on ${host} asks user '${loginUser}' for a password; haka runs 'sudo -n' and ` +
    `needs passwordless sudo (e.g. '${loginUser} ALL=(ALL) NOPASSWD: ALL' in /etc/sudoers.d/), ` +
    `or log in as root.\n${stderr}`
  );
}
