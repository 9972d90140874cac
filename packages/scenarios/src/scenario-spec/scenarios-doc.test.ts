/**
 * SCENARIOS.md stays true: its YAML example validates, and it names every built-in scenario, action kind and
 * threshold metric (a doc that lags the code fails here, as fastify's error-code docs do).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { catalog } from '../catalog/index.js';
import { METRIC_PATHS } from '../thresholds/metrics.js';
import { ACTION_KINDS } from './actions.js';
import { validateScenario } from './validate.js';

const doc = readFileSync(new URL('../../SCENARIOS.md', import.meta.url), 'utf8');

describe('SCENARIOS.md', () => {
  it('has a YAML example that validates', () => {
    const yaml = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(yaml).toBeDefined();
    const spec = validateScenario(parse(yaml as string));
    expect(spec.name).toBe('my-purge');
    expect(spec.cache).toEqual({ kind: 'varnish', vclFile: './site.vcl' });
    expect(spec.timeline.map((s) => s.action)).toEqual(['purge-all', 'mark']);
  });

  it.each(catalog.map((e) => [e.spec.name, e] as const))('lists %s with its summary, fault and caches', (name, e) => {
    const row = doc.split('\n').find((l) => l.startsWith(`| \`${name}\` |`));
    expect(row).toBeDefined();
    expect(row).toContain(e.summary);
    expect(row).toContain(e.fault);
    expect(row).toContain(e.supports.join(', '));
  });

  it('documents every action kind', () => {
    for (const kind of ACTION_KINDS) expect(doc).toContain(`\`${kind}\``);
  });

  it('documents every threshold metric', () => {
    const expanded = doc.replace(/`latencyMs\.\{all,baseline,incident,after\}\.\{p50,p90,p99,p999,max\}`/, () =>
      ['all', 'baseline', 'incident', 'after'].flatMap((p) => ['p50', 'p90', 'p99', 'p999', 'max'].map((q) => `\`latencyMs.${p}.${q}\``)).join(' '),
    );
    for (const metric of METRIC_PATHS) expect(expanded).toContain(`\`${metric}\``);
  });
});
