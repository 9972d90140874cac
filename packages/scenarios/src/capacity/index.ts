/** Capacity search: the hardest rate or the least origin capacity at which a scenario still passes. Pure. */
export { CapacityOptionsError } from './capacity-options-error.js';
export {
  CAPACITY_VARY,
  DEFAULT_CONCURRENCY_RESOLUTION,
  DEFAULT_RATE_RESOLUTION,
  resolveCapacityOptions,
  type CapacitySearchOptions,
  type CapacityVary,
  type ResolvedCapacityOptions,
} from './capacity-options.js';
export { describeCapacityResult, formatCapacityValue } from './describe-capacity-result.js';
export { planCapacitySearch, type CapacityPlan } from './plan-capacity-search.js';
export {
  searchCapacity,
  type CapacityOutcome,
  type CapacityProbe,
  type CapacityProbeFn,
  type CapacityResult,
  type CapacitySearchHooks,
  type Monotonicity,
  type ProbeContext,
  type ProbeOutcome,
  type ProbeRole,
} from './search-capacity.js';
