// The transport's public surface: connect one or many hosts, build shell text, read known_hosts.
export { connect } from './ssh.js';
export { connectAll, type ConnectAllOptions } from './pool.js';
export { Shell, sh, quote, join, type ShellValue } from './sh.js';
export type { Transport, ExecResult, ExecOptions, ConnectTarget } from './types.js';
export {
  appendHostKey,
  fingerprint,
  hashHostName,
  usesHashedNames,
  keyTypeOfBlob,
  knownHostsName,
  lookupHostKeys,
  verifyHostKey,
  type HostKeyStatus,
  type KnownHostEntry,
  type KnownHostMarker,
} from './known-hosts.js';
export { readKnownHosts, recordHostKey, type NewHostKey } from './known-hosts-file.js';
export { withSudo, explainSudoFailure } from './sudo.js';
