import type { RuntimeConfig, ServiceTimeModel } from '@stampede/fake-backend';
import { defineAction } from './action-runner.js';

/** The service-time model `factor` times slower (also the simulator's origin-slowdown). */
export function scaledServiceTime(model: ServiceTimeModel, factor: number): ServiceTimeModel {
  switch (model.kind) {
    case 'constant':
      return { kind: 'constant', ms: model.ms * factor };
    case 'exponential':
      return { kind: 'exponential', meanMs: model.meanMs * factor };
    case 'lognormal':
      return { kind: 'lognormal', p50Ms: model.p50Ms * factor, p99Ms: model.p99Ms * factor };
  }
}

/** The origin gets slower (a database under a bad query plan), optionally for a while, then back. */
export const originSlowdown = defineAction('origin-slowdown', async (action, ctx) => {
  const before = ctx.origin.config();
  const patch: RuntimeConfig = {
    serviceTime: action.serviceTime ?? scaledServiceTime(before.serviceTime, action.factor ?? 1),
  };
  if (action.contention !== undefined) patch.contention = action.contention;
  ctx.origin.configure(patch);
  if (action.durationS !== undefined) {
    ctx.later(action.durationS * 1000, 'origin-slowdown ends', () => {
      ctx.origin.configure({ serviceTime: before.serviceTime, contention: before.contention });
    });
  }
  return { ...patch, durationS: action.durationS ?? null };
});
