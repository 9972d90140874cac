/**
 * The embedded cache's options: the common and caching fields plus the store's bounds. No binaries, no config file:
 * every capability is stampede's own.
 */
import { allCapabilities, type CacheKindOptions } from '../kind-options.js';
import {
  commonCachingFields,
  int,
  maxCountSchema,
  resolveCommon,
  type CommonInput,
  type CommonOptions,
} from '../common-options.js';

export interface EmbeddedOptions extends CommonOptions {
  /** most URLs kept (least recently used are evicted beyond it) */
  readonly maxCount: number;
  /** larger responses are not stored */
  readonly maxEntrySizeBytes: number;
}

export interface EmbeddedInput extends CommonInput {
  /** embedded: most URLs kept (least recently used are evicted beyond it) */
  maxCount?: number;
  /** embedded: larger responses are not stored */
  maxEntrySizeBytes?: number;
}

const DEFAULTS = Object.freeze({ maxCount: 100_000, maxEntrySizeBytes: 5 * 1024 * 1024 });

export const EMBEDDED_OPTIONS: CacheKindOptions<EmbeddedOptions> = Object.freeze<CacheKindOptions<EmbeddedOptions>>({
  fields: {
    ...commonCachingFields,
    maxCount: maxCountSchema.optional(),
    maxEntrySizeBytes: int(1, 2 ** 40).optional(),
  },
  defaultCacheHeader: 'x-cache',
  binaries: {},
  originRequired: true,
  changes: { fixedAtStart: {} },
  comparable: true,
  capabilities: () => Object.freeze(allCapabilities(true)),
  remedy: () => 'which the embedded cache does not support',
  resolve: (input): EmbeddedOptions => {
    const d = input as EmbeddedInput;
    return {
      ...resolveCommon(d, EMBEDDED_OPTIONS.defaultCacheHeader),
      maxCount: d.maxCount ?? DEFAULTS.maxCount,
      maxEntrySizeBytes: d.maxEntrySizeBytes ?? DEFAULTS.maxEntrySizeBytes,
    };
  },
});
