/**
 * What `nginx -V` says about how nginx was built, as far as a user's conf needs it: the compiled-in prefix (a
 * relative `load_module modules/x.so` is relative to it, and stampede's `-p` moves the prefix) and the conf
 * directory (where `include /etc/nginx/...` of a copied tree points). Pure.
 */
import { dirname } from 'node:path';

export interface NginxBuildInfo {
  prefix?: string;
  confDir?: string;
}

export function parseBuildInfo(versionOutput: string): NginxBuildInfo {
  const prefix = /--prefix=(\S+)/.exec(versionOutput)?.[1];
  const confPath = /--conf-path=(\S+)/.exec(versionOutput)?.[1];
  return {
    ...(prefix === undefined ? {} : { prefix }),
    // without --conf-path nginx uses PREFIX/conf/nginx.conf
    ...(confPath !== undefined ? { confDir: dirname(confPath) } : prefix !== undefined ? { confDir: `${prefix}/conf` } : {}),
  };
}
