// Drop-ins: keepalived after (never requiring) HAProxy, plus its runtime folder; HAProxy's socket folder.
import { renderHaproxyDropin, renderKeepalivedDropin } from './content/system-files.js';
import { fileTaskOutcome } from './file-outcome.js';
import { manifestOf } from './manifest-model.js';
import { planFile } from './managed-file.js';
import { HAPROXY_DROPIN, KEEPALIVED_DROPIN } from './paths.js';
import type { Task } from './task.js';

export const task: Task = {
  name: 'systemd drop-ins',
  plan({ inventory, facts }) {
    const manifest = manifestOf(facts);
    const keepalived = planFile(facts, manifest, {
      path: KEEPALIVED_DROPIN,
      content: renderKeepalivedDropin(inventory),
      mode: '0644',
      // ExecStartPre only runs on a start: a running keepalived needs a restart to get its folder.
      notify: [{ kind: 'daemon-reload' }, { kind: 'restart', unit: 'keepalived' }],
      sensitive: false,
    });
    const haproxy = planFile(facts, manifest, {
      path: HAPROXY_DROPIN,
      content: renderHaproxyDropin(inventory),
      mode: '0644',
      notify: [{ kind: 'daemon-reload' }],
      sensitive: false,
    });
    return fileTaskOutcome(
      'systemd drop-ins',
      [keepalived, haproxy],
      `${KEEPALIVED_DROPIN} and ${HAPROXY_DROPIN} up to date`,
    );
  },
};
