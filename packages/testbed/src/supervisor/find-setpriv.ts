import { constants } from 'node:fs';
import { access } from 'node:fs/promises';

const candidates = ['/usr/bin/setpriv', '/bin/setpriv', '/usr/sbin/setpriv'];

/** util-linux setpriv, whose --pdeathsig makes the kernel kill a child when the supervisor dies. */
export async function findSetpriv(): Promise<string | undefined> {
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; try the next location
    }
  }
  return undefined;
}
