/** A fixed scenario for the capacity tests, so they do not move when the catalog is recalibrated. */
import type { ScenarioSpec } from '../../scenario-spec/types.js';
import { validateScenario } from '../../scenario-spec/validate.js';

export function testSpec(extra: Record<string, unknown> = {}): ScenarioSpec {
  return validateScenario({
    name: 'capacity-test',
    title: 'a purge for capacity tests',
    incident: 'test',
    description: 'test',
    load: { ratePerS: 500, durationS: '45s', keys: 1000, distribution: 'zipf:1.1' },
    origin: { concurrency: 6, queue: 32, serviceTime: { kind: 'constant', ms: 40 }, ttlS: 300 },
    cache: { kind: 'embedded', coalescing: false },
    warmup: { prefetchTopN: 200, prefetchRatePerS: 100, durationS: '5s' },
    baselineS: 10,
    timeline: [{ at: '12s', action: 'purge-all' }],
    thresholds: ['rate503 < 0.001'],
    ...extra,
  });
}
