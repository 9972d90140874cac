/**
 * Cache adapters: a real cache between the load and the fake origin. `createCacheAdapter(kind, options)` builds
 * one (options validated, nothing started); `requireCapability` lets a scenario fail before any load is sent.
 */
export type {
  CacheAdapter,
  CacheCapabilities,
  CacheCapability,
  CacheConfigChange,
  CacheEndpoint,
  CacheKind,
  RestartMode,
  RestartResult,
  WarmPlan,
} from './adapter.js';
export { CACHE_KINDS } from './adapter.js';
export type { GraceSetting } from './common-options.js';
export type { ExternalAction, ExternalActions } from './external/external-options.js';
export type { CacheAdapterOptions } from './options.js';
export { DEFAULT_CACHE_HEADER } from './options.js';
export { CACHE_REGISTRY, createCacheAdapter } from './registry.js';
export { missingCapabilities, requireCapability } from './capabilities.js';
export {
  CacheActionError,
  CacheOptionsError,
  CacheStartError,
  MissingBinaryError,
  UnsupportedCapabilityError,
  type CacheOptionProblem,
} from './errors.js';
