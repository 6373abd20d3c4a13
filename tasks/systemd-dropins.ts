// Drop-ins: keepalived after (never requiring) HAProxy, plus its runtime folder; HAProxy's socket folder.
import { renderHaproxyDropin, renderKeepalivedDropin } from './content/system-files.js';
import { fileTaskOutcome } from './file-outcome.js';
import { manifestOf } from './manifest-model.js';
import { planFile } from './managed-file.js';
import { handlingOf } from './file-handling.js';
import { HAPROXY_DROPIN, KEEPALIVED_DROPIN } from './paths.js';
import type { Task } from './task.js';

export const task: Task = {
  name: 'systemd drop-ins',
  plan({ inventory, facts, templates }) {
    const manifest = manifestOf(facts);
    const keepalived = planFile(facts, manifest, {
      path: KEEPALIVED_DROPIN,
      content: renderKeepalivedDropin(templates, inventory),
      mode: '0644',
      ...handlingOf(KEEPALIVED_DROPIN),
      sensitive: false,
    });
    const haproxy = planFile(facts, manifest, {
      path: HAPROXY_DROPIN,
      content: renderHaproxyDropin(templates, inventory),
      mode: '0644',
      ...handlingOf(HAPROXY_DROPIN),
      sensitive: false,
    });
    return fileTaskOutcome(
      'systemd drop-ins',
      [keepalived, haproxy],
      `${KEEPALIVED_DROPIN} and ${HAPROXY_DROPIN} up to date`,
    );
  },
};
