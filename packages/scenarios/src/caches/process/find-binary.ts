/**
 * Where a binary lives. Debian installs varnishd and nginx in /usr/sbin, which is not on an ordinary user's PATH,
 * so the sbin directories are searched after PATH. A name with a slash is used as given.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const SBIN = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

/** absolute path of an executable `name`, or `name` unchanged (spawning it then reports it missing) */
export function findBinary(name: string, envPath = process.env['PATH'] ?? ''): string {
  if (name.includes('/')) return name;
  for (const dir of [...envPath.split(delimiter).filter((d) => d !== ''), ...SBIN]) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return name;
}

/** true when `name` can be found and executed */
export function hasBinary(name: string): boolean {
  return findBinary(name) !== name || (name.includes('/') && isExecutable(name));
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
