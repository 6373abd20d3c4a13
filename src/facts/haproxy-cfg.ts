// What a running haproxy.cfg offers haka, whoever wrote it: a runtime API (stats socket) to read
// server states from (and whether it hands listening sockets over on reload), its proxies. Pure.

export interface RuntimeApiSocket {
  path: string;
  exposeFdListeners: boolean;
}

export interface RunningHaproxy {
  /** `stats socket` lines of the global section (UNIX sockets only: ipv4@ and friends are skipped). */
  sockets: RuntimeApiSocket[];
  /** Frontend and listen section names, in file order. */
  frontends: string[];
  backends: string[];
}

const SECTION =
  /^(global|defaults|frontend|backend|listen|userlist|peers|resolvers|program|mailers|cache|ring|http-errors)\b\s*(\S*)/;

export function parseHaproxyCfg(text: string): RunningHaproxy {
  const out: RunningHaproxy = { sockets: [], frontends: [], backends: [] };
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') continue;
    const s = SECTION.exec(line);
    if (s) {
      section = s[1] as string;
      if (section === 'frontend' || section === 'listen') out.frontends.push(s[2] as string);
      if (section === 'backend' || section === 'listen') out.backends.push(s[2] as string);
      continue;
    }
    const words = line.split(/\s+/);
    if (section === 'global' && words[0] === 'stats' && words[1] === 'socket' && words[2]) {
      const path = words[2].replace(/^unix@/, '');
      if (!path.startsWith('/')) continue;
      const i = words.indexOf('expose-fd');
      out.sockets.push({ path, exposeFdListeners: i > 0 && words[i + 1] === 'listeners' });
    }
  }
  return out;
}

/** HAProxy answers on a runtime API socket: server states can be read before a change. */
export function hasRuntimeApi(running: RunningHaproxy): boolean {
  return running.sockets.length > 0;
}
