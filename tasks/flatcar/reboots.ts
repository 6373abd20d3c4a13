// The reboot coordination task: this host's own update reboot window in /etc/flatcar/update.conf.
import { fileContent } from '../host-facts.js';
import { planFile } from '../managed-file.js';
import { fileTaskOutcome } from '../file-outcome.js';
import { noop, type Task } from '../task.js';
import { UPDATE_CONF } from './paths.js';
import { goDuration, windowFor } from './reboot-window.js';
import { renderUpdateConf } from './update-conf.js';

export const task: Task = {
  name: 'reboot window',
  plan({ inventory, host, facts }) {
    const window = windowFor(inventory, host);
    if (!window) return noop('reboot window', 'no flatcar.rebootWindow in the inventory');
    const content = renderUpdateConf(fileContent(facts, UPDATE_CONF), host.name, window);
    const file = planFile(facts, null, {
      path: UPDATE_CONF,
      content,
      mode: '0644',
      notify: [],
      sensitive: false,
    });
    const when = `reboots ${window.start} for ${goDuration(window.lengthMinutes)}`;
    const outcome = fileTaskOutcome('reboot window', [file], `${when} (${UPDATE_CONF})`);
    return file.changes.length > 0 ? { ...outcome, reason: `${outcome.reason}: ${when}` } : outcome;
  },
};
