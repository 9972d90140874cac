/**
 * The nginx cache's options: the common and caching fields, the user's configuration (nginxConfFile), the worker
 * count and the nginx binary. With a configuration of the user's, coalescing, grace, TTLs and the cache size are
 * the file's to decide.
 */
import { resolve } from 'node:path';
import { allCapabilities, withOwnFile, type CacheKindOptions, type OwnConfigFile } from '../kind-options.js';
import { commonCachingFields, int, nonEmpty, resolveCommon, type CommonInput, type CommonOptions } from '../common-options.js';

export const NGINX_INSTALL = 'apt-get install -y nginx';

export interface NginxOptions extends CommonOptions {
  readonly nginxConfFile: string | undefined;
  readonly workerProcesses: number;
  readonly binaries: { readonly nginx: string };
}

export interface NginxInput extends CommonInput {
  /**
   * nginx: your configuration as it is: a whole nginx.conf (events/http, includes), or an http-context fragment
   * (proxy_cache_path + server), with or without the {{LISTEN}}, {{ORIGIN}}, {{CACHE_DIR}} placeholders; backends,
   * listens, cache paths and logs are retargeted into stampede's private copy (nginx/retarget-conf.ts)
   */
  nginxConfFile?: string;
  /** nginx: worker_processes (default 1) */
  workerProcesses?: number;
  /** varnish / nginx: binaries to run instead of the ones on PATH */
  binaries?: { nginx?: string };
}

const OWN_FILE: OwnConfigFile = Object.freeze<OwnConfigFile>({
  field: 'nginxConfFile',
  owns: ['coalescing', 'grace', 'ttlOverrideS', 'maxSizeBytes'],
  decides: ['coalescingToggle', 'grace'],
  name: 'nginx config',
  extension: '.conf',
  describe: 'an nginx conf (.conf)',
});

export const NGINX_OPTIONS: CacheKindOptions<NginxOptions> = Object.freeze<CacheKindOptions<NginxOptions>>({
  fields: { ...commonCachingFields, nginxConfFile: nonEmpty.optional(), workerProcesses: int(1, 64).optional() },
  defaultCacheHeader: 'x-cache-status',
  binaries: { nginx: NGINX_INSTALL },
  originRequired: true,
  ownFile: OWN_FILE,
  changes: { fixedAtStart: {} },
  comparable: true,
  capabilities: (settings) => withOwnFile(allCapabilities(true), OWN_FILE, settings),
  remedy: () => 'which your nginx.conf decides: set it in the file, or run without --nginx-conf to use the generated one',
  resolve: (input, binaries): NginxOptions => {
    const d = input as NginxInput;
    return {
      ...resolveCommon(d, NGINX_OPTIONS.defaultCacheHeader),
      nginxConfFile: d.nginxConfFile === undefined ? undefined : resolve(d.nginxConfFile),
      workerProcesses: d.workerProcesses ?? 1,
      binaries: binaries as NginxOptions['binaries'],
    };
  },
});
