// The plan as an operator reads it: per host a header, one line per task, and with --diff the
// detail of every change. Secrets are redacted from everything printed.
import { handoverText } from '../plan/handover.js';
import { countChanges } from '../plan/summary.js';
import type { HostPlan, Plan, TaskOutcome } from '../plan/types.js';
import { changeLines, handlerText, newSideLabel } from './change-lines.js';
import { redact } from './redact.js';
import { paint, type StyledLine } from './styles.js';

export interface RenderOptions {
  diff: boolean;
  /** Secret values to redact (every occurrence becomes ********). */
  secrets: readonly string[];
  /** ANSI colors; off unless the caller knows stdout is a terminal. */
  color?: boolean;
  /** What the footer names the run: `check` for a check; the plan's command otherwise. */
  verb?: string;
  /** Hosts that could not be reached or were refused before planning (they have no plan). */
  unreached?: number;
}

const STATUS_WIDTH = 8;

/** diff: the side haka writes is labelled `newLabel` (null: no diff). */
function taskLines(task: TaskOutcome, nameWidth: number, newLabel: string | null): StyledLine[] {
  const changed = task.changes.length > 0;
  const status = (changed ? 'change' : 'ok').padEnd(STATUS_WIDTH);
  const lines: StyledLine[] = [
    {
      style: changed ? 'change' : 'ok',
      text: `  ${status}${task.task.padEnd(nameWidth)}  ${task.reason}`,
    },
  ];
  if (newLabel !== null)
    for (const change of task.changes)
      for (const line of changeLines(change, newLabel))
        lines.push({ ...line, text: `      ${line.text}` });
  return lines;
}

function hostLines(host: HostPlan, newLabel: string | null): StyledLine[] {
  const lines: StyledLine[] = [
    { style: 'header', text: `${host.host}${host.os ? ` (${host.os})` : ''}` },
  ];
  if (host.refused)
    return [...lines, { style: 'bad', text: `  ${'refused'.padEnd(STATUS_WIDTH)}${host.refused}` }];
  const width = Math.max(...host.tasks.map((t) => t.task.length), 0);
  for (const task of host.tasks) lines.push(...taskLines(task, width, newLabel));
  if (host.handlers.length > 0)
    lines.push({
      style: 'change',
      text: `  handlers: ${host.handlers.map(handlerText).join(', ')}${host.pendingFromEarlierRun ? ' (some owed by an interrupted earlier run)' : ''}`,
    });
  if (host.handover)
    lines.push({ style: 'change', text: `  handover: ${handoverText(host.handover)}` });
  // Only where something is reloaded: the rollout sequences reloads and health gates.
  if (host.rollout && host.handlers.length > 0)
    lines.push({ style: 'plain', text: `  rollout: ${host.rollout.mode}: ${host.rollout.reason}` });
  for (const warning of host.warnings ?? [])
    lines.push({ style: 'bad', text: `  warning: ${warning}` });
  return lines;
}

function footer(plan: Plan, verb: string, unreached: number): string {
  const refused = plan.hosts.filter((h) => h.refused).length;
  const changed = plan.hosts.filter(
    (h) => h.tasks.some((t) => t.changes.length > 0) || h.handlers.length > 0,
  );
  const parts = [
    `${plan.hosts.length} host(s)`,
    changed.length > 0 ? `${countChanges(plan)} change(s) on ${changed.length}` : 'no changes',
    ...(refused > 0 ? [`${refused} refused`] : []),
    ...(unreached > 0 ? [`${unreached} not reached`] : []),
  ];
  return `${verb}: ${parts.join(', ')}`;
}

export function renderPlan(plan: Plan, options: RenderOptions): string {
  const lines: StyledLine[] = [];
  const newLabel = options.diff ? newSideLabel(plan) : null;
  for (const host of plan.hosts)
    lines.push(...hostLines(host, newLabel), { style: 'plain', text: '' });
  if (plan.notes && plan.notes.length > 0)
    lines.push(...plan.notes.map((text) => ({ style: 'plain' as const, text })), {
      style: 'plain',
      text: '',
    });
  lines.push({
    style: 'header',
    text: footer(plan, options.verb ?? plan.command, options.unreached ?? 0),
  });
  return lines
    .map((l) => paint({ ...l, text: redact(l.text, options.secrets) }, options.color ?? false))
    .join('\n');
}
