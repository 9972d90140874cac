/**
 * The user's `nginxConfFile`, in whichever of its three shapes, made ready to run in the private prefix:
 * - a fragment with placeholders ({{LISTEN}}, {{ORIGIN}}, {{CACHE_DIR}}): filled in, as it always was
 *   (nginx-conf.ts injectPlaceholders), and included by stampede's nginx.conf;
 * - a whole nginx.conf (events/http, includes of conf.d/*.conf, sites-enabled/*, mime.types...): includes inlined
 *   (resolve-includes.ts), retargeted (retarget-conf.ts), and written as the nginx.conf itself;
 * - a fragment without placeholders (proxy_cache_path + server, http context): the same inlining and rewrite,
 *   included by stampede's nginx.conf.
 * The user's files are only read; everything is written into the work directory by the adapter.
 */
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { printWithSources } from './conf-syntax.js';
import { injectPlaceholders, NGINX_PLACEHOLDERS } from './nginx-conf.js';
import { loadNginxConf } from './resolve-includes.js';
import { confContext, retargetConf, type Retargeted } from './retarget-conf.js';

export interface UserConfParams {
  file: string;
  listen: string;
  originHost: string;
  originPort: number;
  /** host:port as nginx dials it */
  origin: string;
  prefix: string;
  /** the cache directory of the placeholder form; the rewritten forms put one sub-directory per zone in it */
  cacheDir: string;
  statusPort: number;
  workerProcesses: number;
  runAsRoot: boolean;
  cacheHeader: string;
  build: { prefix?: string; confDir?: string };
}

export type UserConf =
  | { kind: 'placeholders'; site: string; cacheDirs: string[] }
  | { kind: 'fragment'; site: string; cacheDirs: string[]; retargeted: Retargeted; files: string[]; sources: (string | undefined)[] }
  | {
      kind: 'whole';
      main: string;
      cacheDirs: string[];
      retargeted: Retargeted;
      files: string[];
      workerProcesses: string;
      /** per line of `main`, the user's file:line it came from */
      sources: (string | undefined)[];
    };

/** @throws CacheOptionsError (exit 2): syntax error with file:line, missing include, nothing that proxies, ... */
export async function renderUserConf(p: UserConfParams): Promise<UserConf> {
  const text = await readFile(p.file, 'utf8');
  if (Object.values(NGINX_PLACEHOLDERS).some((ph) => text.includes(ph))) {
    const site = injectPlaceholders(text, p.file, { listen: p.listen, originHost: p.originHost, originPort: p.originPort, cacheDir: p.cacheDir });
    return { kind: 'placeholders', site, cacheDirs: [p.cacheDir] };
  }
  const loaded = await loadNginxConf(p.file, {
    confDir: dirname(p.file),
    ...(p.build.confDir === undefined ? {} : { installedConfDir: p.build.confDir }),
  });
  const context = confContext(loaded.nodes);
  const result = retargetConf(loaded.nodes, {
    context,
    file: p.file,
    listen: p.listen,
    origin: p.origin,
    prefix: p.prefix,
    cacheRoot: p.cacheDir,
    statusPort: p.statusPort,
    workerProcesses: p.workerProcesses,
    runAsRoot: p.runAsRoot,
    cacheHeader: p.cacheHeader,
    buildPrefix: p.build.prefix,
  });
  const { text: printed, sources } = printWithSources(result.nodes);
  const common = { cacheDirs: result.cacheDirs, retargeted: result.retargeted, files: loaded.files, sources };
  return context === 'main'
    ? { kind: 'whole', main: printed, ...common, workerProcesses: result.workerProcesses ?? String(p.workerProcesses) }
    : { kind: 'fragment', site: printed, ...common };
}
