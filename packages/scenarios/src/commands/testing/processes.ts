/**
 * What a stampede process left behind, for the signal / kill / fault tests: live processes by command name and the
 * cache adapters' private work directories. Tests take a snapshot before and compare after.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** pids of live processes whose command name (/proc/PID/stat) starts with one of `names`; zombies excluded */
export function pidsNamed(...names: string[]): Set<number> {
  const out = new Set<number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (names.some((n) => comm.startsWith(n)) && state !== 'Z') out.add(Number(entry));
    } catch {
      // gone while we looked
    }
  }
  return out;
}

/** the cache adapters' private work directories under the temp dir (all kinds, or the given ones) */
export function cacheWorkDirs(...kinds: string[]): Set<string> {
  const of = kinds.length > 0 ? kinds : ['varnish', 'nginx'];
  return new Set(readdirSync(tmpdir()).filter((n) => of.some((k) => n.startsWith(`stampede-${k}-`))));
}

/** Is `name` installed where the adapters look for it? */
export function hasBinary(name: string): boolean {
  return ['/usr/sbin', '/usr/bin', '/usr/local/sbin'].some((d) => existsSync(join(d, name)));
}
