/**
 * `origin`: the BackendOptions a scenario may set. Bounds follow the fake backend's own validation
 * (packages/fake-backend/src/options.ts) so a spec that validates here is accepted there.
 */
import { z } from 'zod';
import type { ServiceTimeModel } from '@stampede/fake-backend';
import { bool, int, num, seconds } from './fields.js';
import { LIMITS } from './limits.js';

const ms = (gt: boolean) => num(gt ? { gt: 0, max: LIMITS.maxServiceMs } : { min: 0, max: LIMITS.maxServiceMs });

export const serviceTimeSchema: z.ZodType<ServiceTimeModel, ServiceTimeModel> = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('constant'), ms: ms(false) }),
    z.strictObject({ kind: z.literal('exponential'), meanMs: ms(true) }),
    z.strictObject({ kind: z.literal('lognormal'), p50Ms: ms(true), p99Ms: ms(true) }),
  ],
  { error: 'must be an object such as { kind: lognormal, p50Ms: 20, p99Ms: 80 }' },
);

/** Fields shared by `origin` and the timeline's origin actions, so their bounds cannot drift apart. */
export const originFields = {
  concurrency: int(1, LIMITS.maxConcurrency),
  queue: int(0, LIMITS.maxQueue),
  queueTimeoutMs: int(1, LIMITS.maxQueueTimeoutMs),
  serviceTime: serviceTimeSchema,
  contention: num({ min: 0, max: LIMITS.maxContention }),
  ttlS: seconds({ min: 0, max: LIMITS.maxTtlS, whole: true }),
  staleWhileRevalidateS: seconds({ min: 0, max: LIMITS.maxTtlS, whole: true }),
  ttlJitterPct: num({ min: 0, max: 100 }),
  bodyBytes: int(0, LIMITS.maxBodyBytes),
};

export const originSchema = z.strictObject(
  {
    concurrency: originFields.concurrency.optional(),
    queue: originFields.queue.optional(),
    queueTimeoutMs: originFields.queueTimeoutMs.optional(),
    serviceTime: originFields.serviceTime.optional(),
    contention: originFields.contention.optional(),
    ttlS: originFields.ttlS.optional(),
    staleWhileRevalidateS: originFields.staleWhileRevalidateS.optional(),
    ttlJitterPct: originFields.ttlJitterPct.optional(),
    bodyBytes: originFields.bodyBytes.optional(),
    serveAbandoned: bool.optional(),
  },
  { error: 'must be an object such as { concurrency: 8, ttlS: 60 }' },
);
