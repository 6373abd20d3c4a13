// One host's apply, in phases the orchestrator sequences across hosts:
// prepare (packages, accounts, live sysctl) → stage + validate files → commit → handlers → (rollback).
import type { Logger } from 'pino';
import type { Change, FileChange, HostPlan, PlanCommand, SysextLinkChange } from '../plan/types.js';
import { sh } from '../transport/sh.js';
import type { Transport } from '../transport/types.js';
import { describeChange, describeHandler } from '../change/describe.js';
import { commitFile, discardStaged, restorePrevious, stageFile, type StagedFile } from './files.js';
import type { PendingRecord } from '../plan/pending.js';
import type { ProgressStep } from '../progress.js';
import { recordPreviousSet, type KeptLink } from './previous-set.js';
import { LAST_RUN_FILE } from '../plan/run-record.js';
import { must } from '../transport/must.js';
import type { PhaseTimer } from '../timings.js';
import { applySysext, isImageLink, linkCommand, REMERGE } from './sysext-changes.js';
import {
  MANAGED_FILES,
  LOCK_FILE,
  PENDING_FILE,
  STATE_DIR,
  stagedPathOf,
} from '../../tasks/paths.js';
import { componentOfLink, serviceOfImage } from '../../tasks/flatcar/paths.js';
import {
  handlerCommand,
  packageCommand,
  serviceCommand,
  sysctlCommand,
  userCommand,
} from './system-changes.js';

function isFile(c: Change): c is FileChange {
  return c.kind === 'file';
}

const UNITS = ['haproxy', 'keepalived'] as const;

export interface HostRunOptions {
  transport: Transport;
  plan: HostPlan;
  log: Logger;
  /** Units inactive before this run: a rollback stops them again. */
  inactiveBefore: string[];
  /**
   * An uninstall keeps no previous versions and removes apply's own state at the end; a
   * rollback restores the last known good set and leaves it as it is (so it is idempotent).
   */
  mode: PlanCommand;
  /** What an earlier, interrupted run left owed on this host (its files were never proven). */
  earlier: PendingRecord | null;
  /** Told when this host starts a step (live progress). */
  progress?: (step: ProgressStep) => void;
  /** Times this host's phases (packages, staging, validation, commit, reloads). */
  timer?: PhaseTimer;
}

const untimed: PhaseTimer = (_phase, fn) => fn();

export class HostRun {
  readonly changes: Change[];
  private staged = new Map<FileChange, StagedFile>();
  private uploadDir: string | null = null;
  /** Set once the previous set holds this run's files: only then may a rollback restore from it. */
  private previousRecorded = false;
  /** Set before the first handler: from then on a service may run the new files. */
  handlersStarted = false;
  applied = 0;
  /** Image links this run replaced (Flatcar): a rollback points them back and merges again. */
  private linked: SysextLinkChange[] = [];

  readonly transport: Transport;
  readonly plan: HostPlan;
  readonly mode: PlanCommand;
  private readonly log: Logger;
  private readonly inactiveBefore: string[];
  private readonly earlier: PendingRecord | null;
  private readonly progress: (step: ProgressStep) => void;
  private readonly timer: PhaseTimer;

  constructor(options: HostRunOptions) {
    this.transport = options.transport;
    this.plan = options.plan;
    this.mode = options.mode;
    this.log = options.log;
    this.inactiveBefore = options.inactiveBefore;
    this.earlier = options.earlier;
    this.progress = options.progress ?? (() => {});
    this.timer = options.timer ?? untimed;
    this.changes = options.plan.tasks.flatMap((t) => t.changes);
  }

  get host(): string {
    return this.plan.host;
  }

  /** Units to stop again on rollback: inactive before this run, or started by an unfinished earlier one. */
  private get notRunningBefore(): string[] {
    return [...new Set([...this.inactiveBefore, ...(this.earlier?.startedUnits ?? [])])];
  }

  /** The run record is a note about the run, not configuration: never kept nor put back by a rollback. */
  private get files(): string[] {
    return this.changes
      .filter(isFile)
      .map((c) => c.path)
      .filter((p) => p !== LAST_RUN_FILE);
  }

  /** Image links this run replaces (Flatcar), with their targets before it, from the plan. */
  private get links(): KeptLink[] {
    return this.changes.flatMap((c) =>
      c.kind === 'sysext-link' ? [{ path: c.link, before: c.before }] : [],
    );
  }

  /** Paths whose last known good version is in the previous set: this run's and the unproven ones. */
  private get restorable(): string[] {
    return [
      ...new Set([...(this.earlier?.files ?? []), ...this.files, ...this.links.map((l) => l.path)]),
    ];
  }

  /** The prerequisites that come before the first file in plan order (validators need the packages). */
  private get prerequisites(): Change[] {
    const firstFile = this.changes.findIndex(isFile);
    return firstFile < 0
      ? this.changes.filter((c) => !isFile(c))
      : this.changes.slice(0, firstFile);
  }

  async prepare(): Promise<void> {
    if (this.prerequisites.length > 0) this.progress('packages');
    await this.timer('packages', async () => {
      for (const change of this.prerequisites) await this.run(change);
    });
  }

  /** Upload and validate every file change; nothing replaces anything yet. */
  async stage(): Promise<void> {
    this.progress('staging');
    await this.timer('staging', () => this.removeLeftovers());
    const files = this.changes.filter(isFile);
    if (files.length === 0) return;
    const dir = await this.timer('staging', () => this.ensureUploadDir());
    for (const [i, change] of files.entries()) {
      this.staged.set(
        change,
        await stageFile(this.transport, change, dir, i, {
          beforeValidate: () => this.progress('validating'),
          timer: this.timer,
        }),
      );
      this.log.debug({ path: change.path }, 'staged and validated');
    }
  }

  /** Keep the last known good set, record what is owed, then put files in place in plan order. */
  async commit(): Promise<void> {
    await this.timer('commit', () => this.commitInOrder());
  }

  private async commitInOrder(): Promise<void> {
    const done = new Set(this.prerequisites);
    const unproven = this.earlier?.files ?? [];
    if (this.mode === 'install' && this.files.length + this.links.length > 0) {
      await recordPreviousSet(this.transport, this.files, unproven, this.links);
      this.previousRecorded = true;
    }
    await this.writePending({
      handlers: this.plan.handlers,
      files: this.restorable,
      startedUnits: this.notRunningBefore,
    });
    for (const change of this.changes) {
      if (done.has(change)) continue;
      if (isFile(change)) {
        const staged = this.staged.get(change);
        if (!staged) throw new Error(`internal: ${change.path} was not staged`);
        await commitFile(this.transport, staged);
        this.applied++;
        this.log.info({ change: describeChange(change) }, 'applied');
      } else {
        await this.run(change);
      }
    }
  }

  async runHandlers(): Promise<void> {
    this.handlersStarted = true;
    await this.timer('reloads', async () => {
      for (const handler of this.plan.handlers) {
        this.log.info({ handler: describeHandler(handler) }, 'handler');
        await must(this.transport, handlerCommand(handler), { timeoutMs: 120_000 });
      }
    });
  }

  /**
   * The run finished on this host: nothing is owed any more. An uninstall's plan deleted haka's
   * state and the state folder "if empty"; the pending record kept it from being empty until now.
   */
  async finish(): Promise<void> {
    await this.clearPending();
    const stateDirPlanned = this.changes.some(
      (c) => isFile(c) && (c.removeEmptyDirs ?? []).includes(STATE_DIR),
    );
    if (this.mode === 'uninstall' && stateDirPlanned)
      await must(this.transport, sh`rmdir ${STATE_DIR} 2>/dev/null || true`);
  }

  async clearPending(): Promise<void> {
    await must(this.transport, sh`rm -f ${PENDING_FILE}`);
  }

  /**
   * Put back the last known good files and image links (those of an unfinished earlier run, and
   * this run's once their previous versions were recorded; links this run changed before that,
   * from the plan); merge the images the links name again; stop what did not run before; restart
   * what may run another image's program, reload what may have loaded new files (this run's
   * handlers started, or an earlier run's were owed). A service no handler touched is left as it
   * is. An uninstall is not rolled back: its failures are reported.
   */
  async rollback(): Promise<void> {
    if (this.mode === 'uninstall') return;
    const paths = new Set([
      ...(this.earlier?.files ?? []),
      ...(this.previousRecorded ? [...this.files, ...this.links.map((l) => l.path)] : []),
    ]);
    for (const path of paths) await restorePrevious(this.transport, path);
    // Links changed before the set was recorded (a validation failed): pointed back from the plan.
    if (!this.previousRecorded)
      for (const change of [...this.linked].reverse())
        await must(this.transport, linkCommand(change.link, change.before));
    // Stopped before the images change: a unit that came with an image may leave with it.
    const stopped = UNITS.filter((u) => this.notRunningBefore.includes(u));
    for (const unit of stopped)
      await must(this.transport, sh`systemctl stop ${`${unit}.service`}`, { timeoutMs: 120_000 });
    // Other programs: merge what the links say now, then restart (a reload keeps the old program).
    const relinked = [...this.linked.map((c) => c.link), ...[...paths].filter(isImageLink)];
    if (relinked.length > 0) await must(this.transport, REMERGE, { timeoutMs: 120_000 });
    const restart = new Set(relinked.map((l) => serviceOfImage(componentOfLink(l))));
    await must(this.transport, sh`systemctl daemon-reload`);
    const mayRunNewFiles = this.handlersStarted || this.earlier !== null;
    for (const unit of UNITS) {
      const service = `${unit}.service`;
      if (stopped.includes(unit)) continue;
      if (restart.has(unit))
        await must(this.transport, sh`systemctl restart ${service}`, { timeoutMs: 120_000 });
      else if (mayRunNewFiles)
        await must(this.transport, sh`systemctl reload-or-restart ${service}`, {
          timeoutMs: 120_000,
        });
    }
    await this.clearPending();
  }

  /** Remove staged files and the upload folder; safe to call at any point. */
  async cleanup(): Promise<void> {
    for (const staged of this.staged.values())
      await discardStaged(this.transport, staged).catch(() => {});
    if (this.uploadDir)
      await this.transport.exec(sh`rm -rf ${this.uploadDir}`, { sudo: false }).catch(() => {});
  }

  /**
   * A run killed mid-way (SIGKILL, lost connection) can leave staged temp files beside the
   * targets and upload folders in /tmp (which may hold secrets). We hold the lock, so anything
   * older than it belongs to a run that is over.
   */
  private async removeLeftovers(): Promise<void> {
    const paths = this.changes.filter(isFile).map((c) => c.path);
    const staged = [...new Set([...MANAGED_FILES, ...paths])].map(stagedPathOf);
    await must(this.transport, sh`rm -f ${staged} ${PENDING_FILE + '.new'}`);
    await this.transport.exec(
      sh`find /tmp -maxdepth 1 -type d -name 'haka.??????' -user "$(id -u)" ! -newer ${LOCK_FILE} -exec rm -rf {} + 2>/dev/null; true`,
      { sudo: false },
    );
  }

  private async run(change: Exclude<Change, FileChange> | FileChange): Promise<void> {
    switch (change.kind) {
      case 'package':
        await must(this.transport, packageCommand(change), { timeoutMs: 900_000 });
        break;
      case 'user':
        await must(this.transport, userCommand(change));
        break;
      case 'sysctl':
        await must(this.transport, sysctlCommand(change));
        break;
      case 'service':
        await must(this.transport, serviceCommand(change), { timeoutMs: 120_000 });
        break;
      case 'sysext-image':
      case 'sysext-link':
      case 'sysext-refresh':
        await applySysext(this.transport, change, () => this.ensureUploadDir());
        if (change.kind === 'sysext-link') this.linked.push(change);
        break;
      case 'file':
        // Files are staged, validated and committed by stage()/commit(), never here.
        throw new Error(`internal: file change ${change.path} outside stage/commit`);
    }
    this.applied++;
    this.log.info({ change: describeChange(change) }, 'applied');
  }

  private async ensureUploadDir(): Promise<string> {
    if (!this.uploadDir) {
      const dir = await must(this.transport, sh`mktemp -d /tmp/haka.XXXXXX`, { sudo: false });
      this.uploadDir = dir.stdout.trim();
    }
    return this.uploadDir;
  }

  private async writePending(record: PendingRecord): Promise<void> {
    const dir = await this.ensureUploadDir();
    const upload = `${dir}/pending.json`;
    await this.transport.upload(upload, `${JSON.stringify(record, null, 2)}\n`, 0o600);
    await must(
      this.transport,
      sh`mkdir -p ${STATE_DIR} && install -m 0600 -o root -g root ${upload} ${PENDING_FILE + '.new'} && mv -f ${PENDING_FILE + '.new'} ${PENDING_FILE}`,
    );
  }
}
