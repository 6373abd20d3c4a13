// `haka drill`: the plan (what --check shows: every change it would make, and how it is undone)
// and the report (move times and failed probes per VIP, and whether the cluster is as it was).
import type { DrillPlan, StepResult } from '../plan/drill.js';

export function renderDrillPlan(plan: DrillPlan): string {
  if (plan.refused) return `drill refused: ${plan.refused}`;
  const lines = ['DRILL PLAN'];
  for (const s of plan.steps)
    lines.push(
      `  VIP ${s.vip} (${s.address}): ${s.from} gives it up, ${s.to} should take it`,
      `    change  ${s.from}: write ${s.offset} to ${s.trackFile} (keepalived adds it to ${s.from}'s ${s.vip} priority: ${s.priority} → 1)`,
      `    change  ${s.from}: systemd timer ${s.timerUnit} removes ${s.trackFile} after ${s.lifetimeS} s, even if haka dies`,
      `    undo    ${s.from}: haka removes ${s.trackFile} and stops the timer once the VIP moved; the VIP comes back`,
    );
  lines.push('  verify  holders, service PIDs, managed files and haka runtime files are as before');
  return lines.join('\n');
}

const seconds = (ms: number | null): string =>
  ms === null ? 'never' : `${(ms / 1000).toFixed(2)} s`;

export function renderDrillReport(results: StepResult[], problems: string[]): string {
  const lines = ['DRILL REPORT'];
  for (const r of results)
    lines.push(
      `  ${r.vip.padEnd(8)} ${r.from} → ${r.movedTo ?? '?'} in ${seconds(r.moveMs)}, back in ${seconds(r.backMs)}; failed probes ${r.failedProbes}/${r.probes}`,
    );
  lines.push(problems.length === 0 ? '  cluster as before: holders, PIDs, files' : 'problems');
  for (const p of problems) lines.push(`  - ${p}`);
  return lines.join('\n');
}
