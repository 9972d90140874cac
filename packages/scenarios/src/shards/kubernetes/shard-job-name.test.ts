import { describe, expect, it } from 'vitest';
import { isDnsLabel, isLabelValue, MAX_JOB_NAME_LENGTH, runIdLabel, shardJobName } from './shard-job-name.js';

describe('shardJobName', () => {
  it.each([
    ['gp-1', 'stampede-gp-1'],
    ['20261202-154533-global-purge', 'stampede-20261202-154533-global-purge'],
  ])('a short lower-case run id is kept as it is: %s', (runId, name) => {
    expect(shardJobName(runId)).toBe(name);
  });

  it.each([
    ['20261202-154533-global-purge-coalesced-embedded', /^stampede-20261202-154533-global-purge-coalesc-[0-9a-f]{6}$/],
    ['Run_ID:2026/12/02', /^stampede-run-id-2026-12-02-[0-9a-f]{6}$/],
    ['---', /^stampede-[0-9a-f]{6}$/],
    ['ü', /^stampede-[0-9a-f]{6}$/],
  ])('otherwise folded, cut and marked with a digest: %s', (runId, shape) => {
    const name = shardJobName(runId);
    expect(name).toMatch(shape);
    expect(name.length).toBeLessThanOrEqual(MAX_JOB_NAME_LENGTH);
    expect(isDnsLabel(name)).toBe(true);
  });

  it('two run ids that fold alike still get two names', () => {
    expect(shardJobName('Run-A')).not.toBe(shardJobName('run_a'));
    expect(shardJobName('x'.repeat(60) + '1')).not.toBe(shardJobName('x'.repeat(60) + '2'));
  });

  it('leaves room for the pods: <job>-<index up to 1023>-<5 random> is a DNS label', () => {
    const name = shardJobName('y'.repeat(200));
    expect(name.length).toBe(MAX_JOB_NAME_LENGTH);
    expect(isDnsLabel(`${name}-1023-abcde`)).toBe(true);
    expect(isDnsLabel(`${name}-1023-abcdef`)).toBe(false);
  });
});

describe('runIdLabel', () => {
  it.each([
    ['gp-1', 'gp-1'],
    ['Run_ID.2', 'Run_ID.2'],
    ['Run ID:2026/12/02', 'Run-ID-2026-12-02'],
    ['-x-', 'x'],
    ['z'.repeat(80), 'z'.repeat(63)],
  ])('%s -> %s, a valid label value', (runId, label) => {
    expect(runIdLabel(runId)).toBe(label);
    expect(isLabelValue(runIdLabel(runId))).toBe(true);
  });
});
