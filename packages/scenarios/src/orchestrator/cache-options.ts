import type { ScenarioSpec } from '../spec/index.js';
import { stripUndefined } from './strip-undefined.js';

/** The spec's cache section as the cache adapter's options (unset fields take the adapter's defaults). */
export function cacheOptions(spec: ScenarioSpec) {
  const c = spec.cache;
  return stripUndefined({
    coalescing: c.coalescing,
    grace: c.grace,
    ttlOverrideS: c.ttlOverrideS,
    maxCount: c.maxCount,
    maxSizeBytes: c.maxSizeBytes,
    cacheHeader: c.cacheHeader,
    vclFile: c.vclFile,
    nginxConfFile: c.nginxConfFile,
    url: c.url,
    actions: c.actions,
  });
}
