import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SpecError } from '../scenario-spec/errors.js';
import { UsageError } from '../usage/usage-error.js';
import { parseCacheConfig } from './parse-cache-config.js';
import { resolveCompareSpec } from './resolve-compare-spec.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stampede-compare-spec-'));
  await writeFile(join(dir, 'site.vcl'), 'vcl 4.1;\n');
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const resolve = (text: string, flag = '--a', scenario = 'global-purge') =>
  resolveCompareSpec(scenario, parseCacheConfig(text, flag), flag, { ratePerS: 123 }, dir);

async function failure(p: Promise<unknown>): Promise<Error & { code: string; problems: string[] }> {
  try {
    await p;
  } catch (err) {
    return err as Error & { code: string; problems: string[] };
  }
  throw new Error('expected a failure');
}

describe('resolveCompareSpec', () => {
  test('settings land in spec.cache, shared overrides in the load', async () => {
    const spec = await resolve('varnish:coalescing=on,grace=30s,ttl=60');
    expect(spec.cache).toMatchObject({ kind: 'varnish', coalescing: true, grace: { seconds: 30 }, ttlOverrideS: 60 });
    expect(spec.load.ratePerS).toBe(123);
    expect(Object.isFrozen(spec)).toBe(true);
  });

  test('coalescing alone is the run override', async () => {
    const spec = await resolve('embedded:coalescing=on');
    expect(spec.cache).toMatchObject({ kind: 'embedded', coalescing: true });
  });

  test('a VCL file is resolved against the working directory', async () => {
    const spec = await resolve('site.vcl');
    expect(spec.cache).toMatchObject({ kind: 'varnish', vclFile: join(dir, 'site.vcl') });
  });

  test('a missing file: a usage error naming the flag', async () => {
    const err = await failure(resolve('varnish:missing.vcl', '--b'));
    expect(err).toBeInstanceOf(UsageError);
    expect(err.problems).toEqual([`--b "varnish:missing.vcl": ${join(dir, 'missing.vcl')} cannot be read (no such file?)`]);
  });

  test('a setting the cache kind does not take: a spec error naming the flag, not the run flags', async () => {
    const err = await failure(resolve('varnish:max-count=10', '--b'));
    expect(err).toBeInstanceOf(SpecError);
    expect(err.code).toBe('STAMPEDE_SPEC');
    expect(err.message).toMatch(/^invalid scenario "global-purge" with --b "varnish:max-count=10": cache\.maxCount applies to the embedded cache only/);
  });

  test('an out-of-range value: the validator says so', async () => {
    const err = await failure(resolve('embedded:max-count=999999999999'));
    expect(err.message).toMatch(/with --a "embedded:max-count=999999999999": cache\.maxCount must be/);
  });

  test('a scenario that does not exist is reported as stampede run reports it', async () => {
    const err = await failure(resolve('embedded', '--a', 'global-purj'));
    expect(err.message).toMatch(/unknown scenario "global-purj"; did you mean global-purge\?/);
    expect(err.message).not.toMatch(/--a/);
  });
});
