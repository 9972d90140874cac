/**
 * The varnish cache's options: the common and caching fields, the user's VCL (vclFile) and the three binaries.
 * With a VCL of the user's, stampede's outcome header is its own (x-stampede-cache: the VCL may set X-Cache its own
 * way) and coalescing / grace are the VCL's to decide.
 */
import { resolve } from 'node:path';
import { allCapabilities, withOwnFile, type CacheKindOptions, type OwnConfigFile } from '../kind-options.js';
import { commonCachingFields, nonEmpty, resolveCommon, type CommonInput, type CommonOptions } from '../common-options.js';
import { USER_VCL_CACHE_HEADER } from './varnish-vcl.js';

export const VARNISH_INSTALL = 'apt-get install -y varnish';

export interface VarnishOptions extends CommonOptions {
  readonly vclFile: string | undefined;
  readonly binaries: { readonly varnishd: string; readonly varnishadm: string; readonly varnishstat: string };
}

export interface VarnishInput extends CommonInput {
  /** varnish: your VCL as it is (includes too): stampede compiles a rewritten copy whose backends and probes point at
   * its origin; {{ORIGIN_HOST}} / {{ORIGIN_PORT}} placeholders are filled in where present */
  vclFile?: string;
  /** varnish / nginx: binaries to run instead of the ones on PATH */
  binaries?: { varnishd?: string; varnishadm?: string; varnishstat?: string };
}

const OWN_FILE: OwnConfigFile = Object.freeze<OwnConfigFile>({
  field: 'vclFile',
  owns: ['coalescing', 'grace', 'ttlOverrideS'],
  decides: ['coalescingToggle', 'grace'],
  name: 'VCL',
  extension: '.vcl',
  describe: 'a VCL file (.vcl)',
});

export const VARNISH_OPTIONS: CacheKindOptions<VarnishOptions> = Object.freeze<CacheKindOptions<VarnishOptions>>({
  fields: { ...commonCachingFields, vclFile: nonEmpty.optional() },
  defaultCacheHeader: 'x-cache',
  binaries: { varnishd: VARNISH_INSTALL, varnishadm: VARNISH_INSTALL, varnishstat: VARNISH_INSTALL },
  originRequired: true,
  ownFile: OWN_FILE,
  changes: {
    fixedAtStart: {
      maxSizeBytes: {
        adapter: "cannot change at run time: varnish's malloc storage is sized at start (restart with the new size)",
        spec: 'cannot change at run time on varnish: its storage is sized at start (set cache.maxSizeBytes)',
      },
    },
  },
  comparable: true,
  capabilities: (settings) => withOwnFile(allCapabilities(true), OWN_FILE, settings),
  remedy: () => 'which your VCL file decides: set it in the VCL, or run without --vcl to use the generated one',
  resolve: (input, binaries): VarnishOptions => {
    const d = input as VarnishInput;
    // A user VCL may set X-Cache its own way: stampede's outcome subs write their own header unless told otherwise.
    const header = d.vclFile !== undefined ? USER_VCL_CACHE_HEADER : VARNISH_OPTIONS.defaultCacheHeader;
    return {
      ...resolveCommon(d, header),
      vclFile: d.vclFile === undefined ? undefined : resolve(d.vclFile),
      binaries: binaries as VarnishOptions['binaries'],
    };
  },
});
