import { FAULT_AT, RIG, type ScenarioDefinition } from './rig.js';

/** The cache restarts empty and takes full traffic at once. */
export const coldRestart: ScenarioDefinition = {
  summary: 'cache restarted empty under full load',
  fault: 'restart-cache cold',
  input: {
    name: 'cold-restart',
    title: 'Cold restart: the cache comes back empty under full load',
    incident:
      'A cache node restarted (a deploy, a crash, an OOM kill) came back empty and went straight back into ' +
      'service. Its whole request rate became misses; the origin, sized for the usual hit ratio, could not absorb ' +
      'them — the look-aside cache case of Bronson et al. (HotOS 2021), where losing the cache multiplies origin ' +
      'load about tenfold.',
    description:
      'At 12 s the cache restarts with nothing in it, coalescing on (the caches\' default). Each missing key costs ' +
      'one origin request, but a few hundred distinct keys are requested in the first seconds: more than the ' +
      'origin serves, so its queue overflows into 503s until the hot set is cached again. Compare with ' +
      'warm-restart.',
    load: RIG.load,
    origin: RIG.origin,
    cache: { kind: 'embedded' },
    warmup: RIG.warmup,
    baselineS: RIG.baselineS,
    timeline: [{ at: FAULT_AT, action: 'restart-cache', mode: 'cold' }],
    observe: RIG.observe,
    expect: { recovers: true },
    thresholds: ['rate503 < 0.001', 'recovery.seconds < 10'],
  },
};
