// Drop-ins: keepalived after (never requiring) HAProxy, plus its runtime folder; HAProxy's socket folder.
import { renderHaproxyDropin, renderKeepalivedDropin } from './content/system-files.js';
import { fileTaskOutcome } from './file-outcome.js';
import { manifestOf } from './manifest-model.js';
import { planFile } from './managed-file.js';
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
      // A reload, not a restart: restarting keepalived on the VIP holder moves the VIPs away and
      // back. The notify-state folder this drop-in creates (ExecStartPre) then appears at
      // keepalived's next start; until then the notify script skips its state record (it always
      // exits 0), and haka's verification reads VIPs from `ip addr`, not from those records.
      notify: [{ kind: 'daemon-reload' }, { kind: 'reload', unit: 'keepalived' }],
      sensitive: false,
    });
    const haproxy = planFile(facts, manifest, {
      path: HAPROXY_DROPIN,
      content: renderHaproxyDropin(templates, inventory),
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
