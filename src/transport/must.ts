// Running commands whose failure must stop the host's apply: one place that turns a non-zero
// exit into a CommandError carrying the whole result.
import { CommandError } from '../errors.js';
import type { Shell } from './sh.js';
import type { ExecOptions, ExecResult, Transport } from './types.js';

export async function must(
  transport: Transport,
  command: Shell,
  options?: ExecOptions,
): Promise<ExecResult> {
  const result = await transport.exec(command, options);
  if (result.exitCode !== 0) throw new CommandError(transport.host, result);
  return result;
}
