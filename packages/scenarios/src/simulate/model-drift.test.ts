/**
 * The CI check that the model has not drifted from reality (issue 11, item 3): two catalog scenarios measured for
 * real (fixtures/, written by `stampede validate-model`) are simulated again as validate-model does (simulate-like-run.ts) and
 * judged by validate-model's own bounds (15%, recovery within one bucket). Deterministic: the real side is recorded,
 * so only a change of the model (or of how a scenario converts to it) can fail it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readReport } from '../record/report-json.js';
import { validateModel } from './validate-model.js';
import { simulateLikeRun } from './simulate-like-run.js';

const real = (name: string) => readReport(readFileSync(new URL(`./fixtures/${name}.real.report.json`, import.meta.url), 'utf8'));

describe('the model against recorded real runs', () => {
  it.each(['eviction-storm', 'retry-storm-backoff'])('%s: every metric within validate-model\'s bounds', (name) => {
    const measured = real(name);
    // simulated as validate-model does: the run's spec, worker count and warm-up timing, over the origin's seeds
    const v = validateModel(measured, simulateLikeRun(measured, 'test'));
    const out = v.metrics.filter((m) => !m.within).map((m) => `${m.metric}: real ${m.real}, simulated ${m.simulated}`);
    expect(out, `${name} drifted`).toEqual([]);
    expect(v.within).toBe(true);
  });
});
