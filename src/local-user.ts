// Who runs haka here, for lock files and run records: never throws (a UID without a passwd
// entry, as in a container or with nss down, is `uidN`).
import { userInfo } from 'node:os';

export function localUser(): string {
  try {
    return userInfo().username;
  } catch {
    return `uid${process.getuid?.() ?? '?'}`;
  }
}
