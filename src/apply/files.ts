// Staged, validated, atomic file writes: upload beside nothing important, install as a hidden
// temp file next to the target, validate it in place, then rename(2) over the target.
import { posix } from 'node:path';
import { ValidationError } from '../errors.js';
import type { FileChange } from '../plan/types.js';
import { sh } from '../transport/sh.js';
import type { Transport } from '../transport/types.js';
import { must } from '../transport/must.js';
import type { PhaseTimer } from '../timings.js';
import { restoreCommand } from './previous-set.js';
import { stagedPathOf } from '../../tasks/paths.js';
import { judgeValidation, validateCommand } from './validate.js';

export interface StagedFile {
  change: FileChange;
  /** Hidden temp path beside the target; null for deletions and mode-only changes. */
  staged: string | null;
}

export interface StageHooks {
  /** Told before the validator runs (live progress). */
  beforeValidate?: () => void;
  /** Times the upload (staging) and the validator (validation). */
  timer?: PhaseTimer;
}

/** Upload and validate one file change; throws ValidationError and leaves the target untouched. */
export async function stageFile(
  transport: Transport,
  change: FileChange,
  uploadDir: string,
  index: number,
  hooks: StageHooks = {},
): Promise<StagedFile> {
  if (change.after === null || change.after === change.before) return { change, staged: null };
  const upload = posix.join(uploadDir, String(index));
  const staged = stagedPathOf(change.path);
  const after = change.after;
  const timer: PhaseTimer = hooks.timer ?? ((_phase, fn) => fn());
  await timer('staging', async () => {
    await transport.upload(upload, after, 0o600);
    await must(
      transport,
      sh`mkdir -p ${posix.dirname(change.path)} && install -m ${change.mode} -o root -g root ${upload} ${staged} && rm -f ${upload}`,
    );
  });
  if (change.validate) {
    hooks.beforeValidate?.();
    const validator = change.validate;
    const result = await timer('validation', () =>
      transport.exec(validateCommand(validator, staged)),
    );
    const verdict = judgeValidation(change.validate, result);
    if (!verdict.ok) {
      await transport.exec(sh`rm -f ${staged}`);
      throw new ValidationError(transport.host, change.path, change.validate, verdict.message);
    }
  }
  return { change, staged };
}

/**
 * Put the staged file in place with one rename(2) (the previous set was recorded before). A
 * deletion also removes the folders haka created for the file, when they are empty.
 */
export async function commitFile(transport: Transport, file: StagedFile): Promise<void> {
  const { path, mode, after } = file.change;
  if (after === null) {
    const dirs = file.change.removeEmptyDirs ?? [];
    const rmdirs =
      dirs.length > 0 ? sh` && for d in ${dirs}; do rmdir "$d" 2>/dev/null || true; done` : sh``;
    await must(transport, sh`rm -f ${path}${rmdirs}`);
  } else if (file.staged === null) {
    await must(transport, sh`chmod ${mode} ${path}`);
  } else {
    await must(transport, sh`mv -f ${file.staged} ${path}`);
  }
}

/** Remove a staged file that will not be committed (another host failed validation, or Ctrl-C). */
export async function discardStaged(transport: Transport, file: StagedFile): Promise<void> {
  if (file.staged) await transport.exec(sh`rm -f ${file.staged}`);
}

/** Put back the previous version of a file the last run replaced; true when something was restored. */
export async function restorePrevious(transport: Transport, path: string): Promise<boolean> {
  const result = await must(transport, restoreCommand(path));
  return result.stdout.trim() !== '';
}
