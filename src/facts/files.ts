// Managed and state files: existence, mode, owner, group and content. Content travels base64
// encoded (coreutils base64) so any byte survives, and nothing in it can look like a marker.
import { InternalError } from '../errors.js';
import { sh } from '../transport/sh.js';
import type { FileFact } from './types.js';
import { factError, lines, type Fact } from './fact.js';

/** The fact for one absolute path; `index` makes its section name unique and shell-safe. */
export function fileFact(path: string, index: number): Fact<FileFact> {
  if (!path.startsWith('/'))
    throw new InternalError(`file facts need an absolute path: ${JSON.stringify(path)}`);
  const name = `file:${index}`;
  return {
    name,
    // -f and -d follow symlinks (stat -L too); fifos and devices are never read: that could hang.
    command: sh`f=${path}
if [ -d "$f" ]; then echo 'kind directory'; stat -L -c 'stat %a %U %G' -- "$f"
elif [ -f "$f" ]; then echo 'kind file'; stat -L -c 'stat %a %U %G' -- "$f"
  if [ -r "$f" ] && c=$(base64 < "$f"); then echo 'content'; printf '%s\n' "$c"; else echo 'unreadable'; fi
elif [ -e "$f" ] || [ -L "$f" ]; then echo 'kind special'; stat -c 'stat %a %U %G' -- "$f"
else echo 'kind absent'; fi`,
    parse: (output) => parseFile(output, path, name),
  };
}

export function parseFile(output: string, path: string, factName = 'file'): FileFact {
  const [kindLine, statLine, contentLine, ...encoded] = lines(output);
  const kind = /^kind (file|directory|special|absent)$/.exec(kindLine ?? '')?.[1];
  if (!kind) throw factError(factName, `${path}: unexpected output: ${kindLine ?? '(empty)'}`);
  if (kind === 'absent')
    return { path, exists: false, content: null, mode: null, owner: null, group: null };
  const stat = /^stat ([0-7]{3,4}) (\S+) (\S+)$/.exec(statLine ?? '');
  const base: FileFact = {
    path,
    exists: true,
    content: null,
    mode: stat ? (stat[1] as string).padStart(4, '0') : null,
    owner: stat?.[2] ?? null,
    group: stat?.[3] ?? null,
  };
  if (kind === 'directory') return { ...base, problem: 'directory' };
  if (kind === 'special') return { ...base, problem: 'special' };
  if (contentLine !== 'content') return { ...base, problem: 'unreadable' };
  const bytes = decodeBase64(encoded.join(''), path, factName);
  const content = bytes.toString('utf8');
  // A lossy decode would make a later write change bytes nobody asked to change: say so.
  if (!Buffer.from(content, 'utf8').equals(bytes)) return { ...base, content, problem: 'not-utf8' };
  return { ...base, content };
}

function decodeBase64(text: string, path: string, factName: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) {
    throw factError(factName, `${path}: content is not valid base64 (output garbled or truncated)`);
  }
  return Buffer.from(compact, 'base64');
}
