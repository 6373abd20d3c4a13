// keepalived's two scripts: the HAProxy check (vrrp_script) and the notify script.
// No handler: keepalived runs the files afresh every time.
import { renderCheckScript, renderNotifyScript } from './content/system-files.js';
import { fileTaskOutcome } from './file-outcome.js';
import { manifestOf } from './manifest-model.js';
import { planFile } from './managed-file.js';
import { CHECK_SCRIPT, NOTIFY_SCRIPT } from './paths.js';
import type { Task } from './task.js';

export const task: Task = {
  name: 'scripts',
  plan({ inventory, facts, templates }) {
    const manifest = manifestOf(facts);
    const script = (path: string, content: string) =>
      planFile(facts, manifest, { path, content, mode: '0755', notify: [], sensitive: false });
    return fileTaskOutcome(
      'scripts',
      [
        script(NOTIFY_SCRIPT, renderNotifyScript(templates, inventory)),
        script(CHECK_SCRIPT, renderCheckScript(templates, inventory)),
      ],
      `${NOTIFY_SCRIPT} and ${CHECK_SCRIPT} up to date`,
    );
  },
};
