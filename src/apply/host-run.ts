// One host's apply, in phases the orchestrator sequences across hosts:
// prepare (packages, accounts, live sysctl) → stage + validate files → commit → handlers → (rollback).
import type { Logger } from 'pino';
import type { Change, FileChange, HostPlan } from '../plan/types.js';
import { sh } from '../transport/sh.js';
import type { Transport } from '../transport/types.js';
import { describeChange, describeHandler } from './describe.js';
import { commitFile, discardStaged, restorePrevious, stageFile, type StagedFile } from './files.js';
import type { PendingRecord } from './pending.js';
import { must } from './remote.js';
import { INSTALLED_PACKAGES_FILE, PENDING_FILE, PREVIOUS_DIR, STATE_DIR } from './state-paths.js';
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

export class HostRun {
  readonly changes: Change[];
  private staged = new Map<FileChange, StagedFile>();
  private uploadDir: string | null = null;
  /** Files replaced on the host by this run (their previous versions are kept). */
  readonly committedFiles: string[] = [];
  handlersRan = false;
  applied = 0;

  constructor(
    readonly transport: Transport,
    readonly plan: HostPlan,
    private readonly log: Logger,
    /** Units inactive before this run: a rollback stops them again. */
    private readonly inactiveBefore: string[],
    /** An uninstall keeps no previous versions and removes apply's own state at the end. */
    private readonly mode: 'install' | 'uninstall' = 'install',
  ) {
    this.changes = plan.tasks.flatMap((t) => t.changes);
  }

  get host(): string {
    return this.plan.host;
  }

  /** The prerequisites that come before the first file in plan order (validators need the packages). */
  private get prerequisites(): Change[] {
    const firstFile = this.changes.findIndex(isFile);
    return firstFile < 0 ? this.changes.filter((c) => !isFile(c)) : this.changes.slice(0, firstFile);
  }

  async prepare(): Promise<void> {
    for (const change of this.prerequisites) await this.run(change);
  }

  /** Upload and validate every file change; nothing replaces anything yet. */
  async stage(): Promise<void> {
    const files = this.changes.filter(isFile);
    if (files.length === 0) return;
    const dir = await must(this.transport, sh`mktemp -d /tmp/haka.XXXXXX`, { sudo: false });
    this.uploadDir = dir.stdout.trim();
    for (const [i, change] of files.entries()) {
      this.staged.set(change, await stageFile(this.transport, change, this.uploadDir, i));
      this.log.debug({ path: change.path }, 'staged and validated');
    }
  }

  /** Record what is owed, then put files in place and run the remaining changes in plan order. */
  async commit(): Promise<void> {
    const done = new Set(this.prerequisites);
    const files = this.changes.filter(isFile).map((c) => c.path);
    await this.writePending({ handlers: this.plan.handlers, files, startedUnits: this.inactiveBefore });
    for (const change of this.changes) {
      if (done.has(change)) continue;
      if (isFile(change)) {
        const staged = this.staged.get(change);
        if (!staged) throw new Error(`internal: ${change.path} was not staged`);
        await commitFile(this.transport, staged, this.mode === 'install');
        this.committedFiles.push(change.path);
        this.applied++;
        this.log.info({ change: describeChange(change) }, 'applied');
      } else {
        await this.run(change);
      }
    }
  }

  async runHandlers(): Promise<void> {
    for (const handler of this.plan.handlers) {
      this.log.info({ handler: describeHandler(handler) }, 'handler');
      await must(this.transport, handlerCommand(handler), { timeoutMs: 120_000 });
    }
    this.handlersRan = true;
  }

  /** The run finished on this host: nothing is owed any more (an uninstall also drops apply's state). */
  async finish(): Promise<void> {
    if (this.mode === 'install') await this.clearPending();
    else
      await must(
        this.transport,
        sh`rm -rf ${PREVIOUS_DIR} && rm -f ${PENDING_FILE} ${INSTALLED_PACKAGES_FILE} && { rmdir ${STATE_DIR} 2>/dev/null || true; }`,
      );
  }

  async clearPending(): Promise<void> {
    await must(this.transport, sh`rm -f ${PENDING_FILE}`);
  }

  /** Put back the previous files of this run; restart what ran before, stop what did not. */
  async rollback(): Promise<void> {
    for (const path of [...this.committedFiles].reverse()) await restorePrevious(this.transport, path);
    await must(this.transport, sh`systemctl daemon-reload`);
    for (const unit of ['haproxy', 'keepalived']) {
      const cmd = this.inactiveBefore.includes(unit)
        ? sh`systemctl stop ${`${unit}.service`}`
        : sh`systemctl reload-or-restart ${`${unit}.service`}`;
      await must(this.transport, cmd, { timeoutMs: 120_000 });
    }
    await this.clearPending();
  }

  /** Remove staged files and the upload folder; safe to call at any point. */
  async cleanup(): Promise<void> {
    for (const staged of this.staged.values()) await discardStaged(this.transport, staged).catch(() => {});
    if (this.uploadDir) await this.transport.exec(sh`rm -rf ${this.uploadDir}`, { sudo: false }).catch(() => {});
  }

  private async run(change: Change): Promise<void> {
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
      case 'file': {
        const staged = await stageFile(this.transport, change, await this.ensureUploadDir(), this.staged.size);
        await commitFile(this.transport, staged);
        break;
      }
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
      sh`mkdir -p ${STATE_DIR} && install -m 0600 -o root -g root ${upload} ${PENDING_FILE + '.new'} && mv -f ${PENDING_FILE + '.new'} ${PENDING_FILE} && rm -f ${upload}`,
    );
  }
}
