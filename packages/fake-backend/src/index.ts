/**
 * @stampede/fake-backend: a capacity-limited fake origin (service slots, bounded FIFO queue, 503 when full,
 * seeded service-time model with load-dependent slowdown) plus a loopback admin API.
 */
export { startBackend, type Backend } from './start-backend.js';
export {
  validateBackendOptions,
  validateRuntimeConfig,
  validatePauseRequest,
  applyRuntimeConfig,
  backendDefaults,
  MAX_TIMER_MS,
} from './options.js';
export type * from './options.js';
export type * from './stats.js';
export { StatsCollector } from './stats.js';
export { BackendOptionsError, PortInUseError, type BackendOptionProblem } from './errors.js';
export { admit, type Admission, type AdmissionState } from './admission.js';
export { serviceTimeMs, baseServiceTimeMs, slowdownFactor, lognormalParams, type ServiceLoad } from './service-time.js';
export { seededRng, type Rng } from './seeded-rng.js';
export { contentBody } from './content-body.js';
export { HEALTH_PATH, isHealthRequest } from './health.js';
export { itemEtag, itemKey, jitteredTtlS } from './item-response.js';
export { systemClock, type Clock } from './clock.js';
