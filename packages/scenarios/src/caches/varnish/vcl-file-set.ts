/**
 * A user's VCL and everything it includes, rewritten into the adapter's private directory (the user's files are
 * only read): each file goes through retargetVcl (backends and probes at the origin, includes pointing at the
 * rewritten copies), then `{{ORIGIN_HOST}}` / `{{ORIGIN_PORT}}` are filled in as before. The main file gets stampede's
 * outcome subs (outcomeVcl) as an include right after its `vcl 4.x;` line, so they run before the user's own.
 *
 * Includes: absolute paths as written; a relative one is looked up next to the file that includes it, then next to
 * the main VCL, then in varnishd's default vcl_path (/etc/varnish, /usr/share/varnish/vcl). Line numbers in the
 * copies are the user's, so varnishd's messages stay true once the copy paths are mapped back (`originals`).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { CacheOptionsError } from '../errors.js';
import { listIncludes, retargetVcl, vclHost, type RetargetedBackend } from './retarget-vcl.js';
import { VCL_PLACEHOLDERS } from './varnish-vcl.js';

/** varnishd's default vcl_path on Debian */
const VCL_PATH = ['/etc/varnish', '/usr/share/varnish/vcl'];

export interface UserVclSet {
  /** the rewritten main file, to give varnishd */
  mainPath: string;
  /** every backend pointed at the origin, across the main file and its includes */
  backends: (RetargetedBackend & { file: string })[];
  /** rewritten copy path -> the user's file, to map varnishd's messages back */
  originals: Map<string, string>;
}

export interface UserVclOptions {
  originHost: string;
  originPort: number;
  healthPath: string;
  /** VCL text (stampede's outcome subs) to run before the user's code */
  outcomeVcl: string;
}

export async function writeUserVcl(file: string, outDir: string, o: UserVclOptions): Promise<UserVclSet> {
  await mkdir(outDir, { recursive: true, mode: 0o700 });
  const outcomePath = join(outDir, 'stampede-outcome.vcl');
  await writeFile(outcomePath, o.outcomeVcl);
  const mainDir = dirname(file);
  const copies = new Map<string, string>(); // original -> copy
  const originals = new Map<string, string>();
  const backends: UserVclSet['backends'] = [];
  const noneBackends: string[] = [];
  let defaultProbe = false;

  const visit = async (path: string, chain: readonly string[]): Promise<string> => {
    const done = copies.get(path);
    if (done !== undefined) return done;
    if (chain.includes(path)) throw problem(`${chain.at(-1)} includes ${path}, which includes it back: remove the include loop`);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      throw problem(`cannot read ${path}${chain.length > 0 ? ` (included by ${chain.at(-1)})` : ''}: ${(err as Error).message}`);
    }
    const includes = new Map<string, string>();
    for (const inc of listIncludes(text)) {
      if (includes.has(inc.path)) continue;
      const found = findInclude(inc.path, dirname(path), mainDir);
      if (found === undefined) {
        throw problem(
          `${path} line ${inc.line}: include "${inc.path}" not found (looked in ${[...new Set([dirname(path), mainDir, ...VCL_PATH])].join(', ')}): ` +
            'write the path relative to the VCL that includes it, or absolute',
        );
      }
      includes.set(inc.path, await visit(found, [...chain, path]));
    }
    const isMain = chain.length === 0;
    const r = retargetVcl(text, {
      originHost: o.originHost,
      originPort: o.originPort,
      healthPath: o.healthPath,
      includes,
      ...(isMain ? { prelude: `include "${outcomePath}";` } : {}),
    });
    backends.push(...r.backends.map((b) => ({ ...b, file: path })));
    noneBackends.push(...r.noneBackends);
    if (r.probes.includes('default')) defaultProbe = true;
    const filled = r.text.replaceAll(VCL_PLACEHOLDERS.host, vclHost(o.originHost)).replaceAll(VCL_PLACEHOLDERS.port, String(o.originPort));
    const copy = join(outDir, `${copies.size}-${basename(path)}`);
    copies.set(path, copy);
    originals.set(copy, path);
    await writeFile(copy, filled);
    return copy;
  };

  const mainPath = await visit(resolve(file), []);
  if (backends.length === 0) {
    throw problem(
      noneBackends.length > 0
        ? `${file} declares only backends without an address (${noneBackends.map((n) => `backend ${n} none;`).join(' ')}): ` +
            'stampede can only point a backend with .host or .path at its origin: declare one, e.g. backend default { .host = "127.0.0.1"; .port = "8080"; }'
        : `${file} declares no backend (nor do its includes): add one, e.g. backend default { .host = "127.0.0.1"; .port = "8080"; } — stampede points it at its origin`,
    );
  }
  return { mainPath, backends: defaultProbe ? backends.map((b) => ({ ...b, probe: true })) : backends, originals };
}

/** Replace rewritten copy paths in varnishd's words with the user's file paths. */
export function mapToOriginals(text: string, originals: ReadonlyMap<string, string>): string {
  let out = text;
  for (const [copy, original] of originals) out = out.replaceAll(copy, original);
  return out;
}

function findInclude(path: string, fromDir: string, mainDir: string): string | undefined {
  const candidates = isAbsolute(path) ? [path] : [fromDir, mainDir, ...VCL_PATH].map((d) => resolve(d, path));
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

function problem(message: string): CacheOptionsError {
  return new CacheOptionsError([{ path: 'vclFile', message }], 'varnish cache options');
}
