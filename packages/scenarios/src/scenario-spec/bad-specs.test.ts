/**
 * Every way a spec can be wrong that we know of, each asserting that one problem names the field (or the cause)
 * and says how to fix it. Specs are built from a small valid one with one thing broken.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SpecError } from './errors.js';
import { resolveScenario } from './resolve.js';
import { validateScenario } from './validate.js';

type Raw = Record<string, unknown>;

/** A valid spec with `patch` merged one level deep (sections are merged, other fields replaced). */
function spec(patch: Raw = {}): Raw {
  const base: Raw = {
    name: 'case',
    load: { ratePerS: 100, durationS: '30s', keys: 100 },
    timeline: [{ at: '15s', action: 'purge-all' }],
  };
  const out: Raw = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    const b = base[k];
    out[k] =
      v !== null && typeof v === 'object' && !Array.isArray(v) && b !== null && typeof b === 'object' && !Array.isArray(b)
        ? { ...(b as Raw), ...(v as Raw) }
        : v;
  }
  return out;
}
const step = (s: Raw) => spec({ timeline: [{ at: '15s', ...s }] });

const dir = mkdtempSync(join(tmpdir(), 'stampede-bad-specs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

interface Case {
  name: string;
  /** validated with validateScenario */
  input?: unknown;
  /** resolved with resolveScenario (a built-in name or a path) */
  arg?: () => string;
  /** every fragment must appear in one and the same problem */
  expect: string[];
}

const cases: Case[] = [
  // types and ranges
  { name: 'negative rate', input: spec({ load: { ratePerS: -5 } }), expect: ['load.ratePerS must be a number > 0', '(got -5)'] },
  { name: 'rate of the wrong type', input: spec({ load: { ratePerS: 'fast' } }), expect: ['load.ratePerS must be a number', '(got "fast")'] },
  { name: 'absurd rate', input: spec({ load: { ratePerS: 2e6 } }), expect: ['load.ratePerS', '<= 1000000', '(got 2000000)'] },
  { name: 'absurd duration', input: spec({ load: { durationS: '25h' } }), expect: ['load.durationS must be a duration', '<= 24h', '(got "25h")'] },
  { name: 'bad duration word', input: spec({ load: { durationS: 'soon' } }), expect: ['load.durationS must be a duration like 30s', '(got "soon")'] },
  { name: 'duration with an unknown unit', input: spec({ load: { durationS: '2d' } }), expect: ['load.durationS must be a duration like 30s, 2m, 1500ms', '(got "2d")'] },
  { name: 'zero keys', input: spec({ load: { keys: 0 } }), expect: ['load.keys must be an integer between 1 and 10000000', '(got 0)'] },
  { name: 'fractional keys', input: spec({ load: { keys: 1.5 } }), expect: ['load.keys must be an integer', '(got 1.5)'] },
  { name: 'bad distribution string', input: spec({ load: { distribution: 'zipf:abc' } }), expect: ['load.distribution must be uniform, zipf:<s> (e.g. zipf:1.1)', '(got "zipf:abc")'] },
  { name: 'negative zipf exponent', input: spec({ load: { distribution: { kind: 'zipf', s: -1 } } }), expect: ['load.distribution.s must be a number >= 0', '(got -1)'] },
  { name: 'unknown distribution kind', input: spec({ load: { distribution: { kind: 'zipff', s: 1 } } }), expect: ['load.distribution.kind must be one of uniform, zipf, hotset', 'did you mean zipf?'] },
  { name: 'missing load', input: { name: 'case' }, expect: ['load is required', 'such as { ratePerS: 400, durationS: 45s }'] },
  { name: 'rate and stages together', input: spec({ load: { stages: [{ durationS: 10, targetRatePerS: 50 }] } }), expect: ['load.ratePerS and load.stages are exclusive', 'not both'] },
  { name: 'no rate at all', input: spec({ load: { ratePerS: undefined } }), expect: ['load.ratePerS is required', 'or give load.stages'] },
  { name: 'stages disagree with durationS', input: spec({ load: { ratePerS: undefined, durationS: 60, stages: [{ durationS: '20s', targetRatePerS: 50 }, { durationS: '20s', targetRatePerS: 80 }] } }), expect: ["load.durationS must equal the stages' total", 'got 1m', 'add up to 40s', 'leave it out'] },
  { name: 'workers above connections', input: spec({ load: { workers: 8, connections: 4 } }), expect: ['load.workers must be <= load.connections', 'at least one connection'] },
  // unknown fields
  { name: 'misspelt origin field', input: spec({ origin: { concurency: 8 } }), expect: ['origin.concurency is not a known field; did you mean concurrency?'] },
  { name: 'misspelt top-level field', input: spec({ baseline: 10 }), expect: ['baseline is not a known field; did you mean baselineS?'] },
  { name: 'unknown field without a near name', input: spec({ cache: { kind: 'embedded', flavour: 'x' } }), expect: ['cache.flavour is not a known field', 'known fields: kind, coalescing'] },
  { name: 'misspelt action param', input: step({ action: 'ban', patern: '^/a' }), expect: ['timeline[0].patern is not a known field; did you mean pattern?'] },
  { name: 'recovery window name from the brief', input: spec({ recovery: { window: 5 } }), expect: ['recovery.window is not a known field; did you mean windowS?'] },
  // origin
  { name: 'absurd origin concurrency', input: spec({ origin: { concurrency: 200_000 } }), expect: ['origin.concurrency must be an integer between 1 and 100000', '(got 200000)'] },
  { name: 'unknown service-time kind', input: spec({ origin: { serviceTime: { kind: 'gamma' } } }), expect: ['origin.serviceTime.kind must be one of constant, exponential, lognormal', '(got "gamma")'] },
  { name: 'negative TTL', input: spec({ origin: { ttlS: -1 } }), expect: ['origin.ttlS must be a duration', 'not negative'] },
  { name: 'fractional TTL', input: spec({ origin: { ttlS: '1500ms' } }), expect: ['origin.ttlS must be a whole number of seconds', '(got "1500ms")'] },
  { name: 'jitter above 100 %', input: spec({ origin: { ttlJitterPct: 150 } }), expect: ['origin.ttlJitterPct must be a number >= 0 and <= 100', '(got 150)'] },
  // cache
  { name: 'misspelt cache kind', input: spec({ cache: { kind: 'varnsh' } }), expect: ['cache.kind must be one of embedded, varnish, nginx, external', '(got "varnsh"); did you mean varnish?'] },
  { name: 'VCL on nginx', input: spec({ cache: { kind: 'nginx', vclFile: '/x.vcl' } }), expect: ['cache.vclFile applies to the varnish cache only', 'cache.kind is nginx'] },
  { name: 'maxCount on varnish', input: spec({ cache: { kind: 'varnish', maxCount: 100 } }), expect: ['cache.maxCount applies to the embedded cache only'] },
  { name: 'VCL with coalescing set', input: spec({ cache: { kind: 'varnish', vclFile: '/x.vcl', coalescing: false } }), expect: ['cache.coalescing cannot be combined with cache.vclFile', 'set it in your VCL'] },
  { name: 'external without url', input: spec({ cache: { kind: 'external', actions: { purgeAll: { command: 'true' } } } }), expect: ['cache.url is required for an external cache', 'http://127.0.0.1:6081'] },
  { name: 'bad grace', input: spec({ cache: { grace: 'forever' } }), expect: ['cache.grace must be false, a number of seconds', '(got "forever")'] },
  { name: 'tiny cache size', input: spec({ cache: { maxSizeBytes: '512' } }), expect: ['cache.maxSizeBytes must be between 1024 and', '(got "512")'] },
  // timeline
  { name: 'bad step time', input: step({ at: 'soon', action: 'purge-all' }), expect: ['timeline[0].at must be a duration like 30s', '(got "soon")'] },
  { name: 'fault before the baseline', input: step({ at: '5s', action: 'purge-all' }), expect: ['timeline[0].at (5s) lands inside the baseline window', 'move it to 10s or later, or lower baselineS'] },
  { name: 'fault after the load', input: step({ at: '40s', action: 'purge-all' }), expect: ["timeline[0].at (40s) is not within the load's 30s", 'lengthen load.durationS'] },
  { name: 'unknown action', input: step({ action: 'purgeall' }), expect: ['timeline[0].action must be one of purge-all, ban, purge', '(got "purgeall"); did you mean purge-all?'] },
  { name: 'missing action', input: step({}), expect: ['timeline[0].action is required: one of purge-all'] },
  { name: 'step that is not an object', input: spec({ timeline: ['purge-all'] }), expect: ['timeline[0] must be an object such as { at: 15s, action: purge-all }', '(got "purge-all")'] },
  { name: 'ban without pattern', input: step({ action: 'ban' }), expect: ['timeline[0].pattern is required'] },
  { name: 'ban with a broken regex', input: step({ action: 'ban', pattern: '([' }), expect: ['timeline[0].pattern must be a valid regular expression', '(got "([")'] },
  { name: 'purge without keys', input: step({ action: 'purge' }), expect: ['timeline[0].keys is required', 'a list of keys such as [k1, k2] or { top: N }'] },
  { name: 'purge of more keys than exist', input: step({ action: 'purge', keys: { top: 500 } }), expect: ['timeline[0].keys.top must be <= load.keys', 'got 500', '100 keys'] },
  { name: 'restart mode typo', input: step({ action: 'restart-cache', mode: 'lukewarm' }), expect: ['timeline[0].mode must be one of cold, warm', '(got "lukewarm")'] },
  { name: 'warm plan on a cold restart', input: step({ action: 'restart-cache', mode: 'cold', warm: { topN: 10, ratePerS: 10 } }), expect: ['timeline[0].warm applies to mode warm only'] },
  { name: 'slowdown without factor or service time', input: step({ action: 'origin-slowdown' }), expect: ['timeline[0] origin-slowdown needs factor (e.g. 3) or serviceTime'] },
  { name: 'capacity change with nothing to change', input: step({ action: 'origin-capacity' }), expect: ['timeline[0] origin-capacity needs concurrency and/or queue'] },
  { name: 'reload that changes nothing', input: step({ action: 'reload-cache-config' }), expect: ['timeline[0] reload-cache-config changes nothing', 'give coalescing, grace'] },
  { name: 'origin-up without origin-down', input: step({ action: 'origin-up' }), expect: ['timeline[0] origin-up has no origin-down before it'] },
  { name: 'pause without duration', input: step({ action: 'origin-pause' }), expect: ['timeline[0].durationS is required', 'must be a duration'] },
  { name: 'coalescing switched by a reload on a user VCL', input: spec({ cache: { kind: 'varnish', vclFile: '/site.vcl' }, timeline: [{ at: 15, action: 'reload-cache-config', coalescing: false }] }), expect: ['timeline[0] (reload-cache-config) needs the coalescingToggle capability, which your own VCL (cache.vclFile) decides', 'set it in that file instead'] },
  { name: 'purge-all on an external cache without the action', input: spec({ cache: { kind: 'external', url: 'http://127.0.0.1:6081' } }), expect: ['timeline[0] (purge-all) needs the purgeAll capability', 'add cache.actions.purgeAll'] },
  { name: 'maxCount reload on varnish', input: spec({ cache: { kind: 'varnish' }, timeline: [{ at: 15, action: 'reload-cache-config', maxCount: 10 }] }), expect: ['timeline[0].maxCount applies to the embedded cache only'] },
  // the rest of the spec
  { name: 'threshold metric typo', input: spec({ thresholds: ['rate_503 < 0.01'] }), expect: ['thresholds[0] names unknown metric rate_503; did you mean rate503?', '(got "rate_503 < 0.01")'] },
  { name: 'threshold with a bad operator', input: spec({ thresholds: ['rate503 =< 0.01'] }), expect: ['thresholds[0] uses unknown operator "=<"', 'use one of < <= > >= == !='] },
  { name: 'prefetch beyond the key space', input: spec({ warmup: { prefetchTopN: 5000 } }), expect: ['warmup.prefetchTopN must be <= load.keys', 'got 5000'] },
  { name: 'empty warm-up object', input: spec({ warmup: {} }), expect: ['warmup needs durationS', 'or false for none'] },
  { name: 'zero observe limit', input: spec({ observe: { maxS: 0 } }), expect: ['observe.maxS must be a duration > 0s', '(got 0)'] },
  { name: 'expect with a word', input: spec({ expect: { recovers: 'yes' } }), expect: ['expect.recovers must be true, false', '(got "yes")'] },
  { name: 'name with spaces', input: spec({ name: 'My Purge' }), expect: ['name must be a name such as my-purge', '(got "My Purge")'] },
  { name: 'not an object', input: ['purge'], expect: ['a scenario must be an object with at least name and load', '(got ["purge"])'] },
  // names and files
  { name: 'unknown scenario name', arg: () => 'global-purg', expect: ['unknown scenario "global-purg"; did you mean global-purge?', 'Built-in scenarios: global-purge, global-purge-coalesced'] },
  { name: 'unknown scenario name, nothing close', arg: () => 'zzzz', expect: ['unknown scenario "zzzz"', 'To run a spec file, give its path'] },
  { name: 'missing file', arg: () => join(dir, 'nope.yaml'), expect: ['nope.yaml', 'no such file: check the path'] },
  { name: 'bad YAML syntax', arg: () => file('bad.yaml', 'name: x\nload:\n  ratePerS: [1, 2\n'), expect: ['bad.yaml: YAML syntax error at line', 'column'] },
  { name: 'duplicate YAML key', arg: () => file('dup.yaml', 'name: x\nname: y\n'), expect: ['dup.yaml: YAML syntax error at line 2', 'unique'] },
  { name: 'bad JSON syntax', arg: () => file('bad.json', '{\n  "name": "x",\n}\n'), expect: ['bad.json: JSON syntax error at line 3, column 1'] },
  { name: 'unknown file extension', arg: () => file('spec.txt', 'name: x'), expect: ['spec.txt must end in .yaml, .yml, .json', '(got ".txt")'] },
  { name: 'empty file', arg: () => file('empty.yaml', ''), expect: ['empty.yaml must hold one scenario object', '(got an empty file)'] },
  { name: 'VCL file that does not exist', arg: () => file('vcl.yaml', 'name: x\nload: { ratePerS: 10, durationS: 30s }\ncache: { kind: varnish, vclFile: missing.vcl }\n'), expect: ['cache.vclFile names a file that does not exist', 'missing.vcl'] },
];

async function problemsOf(c: Case): Promise<readonly string[]> {
  try {
    if (c.arg !== undefined) await resolveScenario(c.arg());
    else validateScenario(c.input);
  } catch (err) {
    expect(err).toBeInstanceOf(SpecError);
    expect((err as SpecError).code).toBe('STAMPEDE_SPEC');
    return (err as SpecError).problems;
  }
  throw new Error(`expected a SpecError for "${c.name}"`);
}

describe('bad specs', () => {
  it('has a case for at least 25 mistakes', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const problems = await problemsOf(c);
    const match = problems.find((p) => c.expect.every((fragment) => p.includes(fragment)));
    expect(match, `no problem contains all of ${JSON.stringify(c.expect)} in:\n${problems.join('\n')}`).toBeDefined();
    // Messages are ours: never the schema library's generic wording.
    for (const p of problems) expect(p).not.toMatch(/Invalid input|Too small|Too big|Unrecognized key|expected \w+, received/);
  });

  it('reports every problem at once, each with its path', async () => {
    const problems = await problemsOf({
      name: 'many',
      input: {
        name: 'many',
        load: { ratePerS: -5, durationS: '30s' },
        origin: { concurency: 8 },
        cache: { kind: 'varnsh' },
        timeline: [{ at: 'soon', action: 'purge-all' }, { at: '5s', action: 'ban' }],
        thresholds: ['recovery.second < 15'],
      },
      expect: [],
    });
    const expected = [
      'load.ratePerS must be a number > 0',
      'origin.concurency is not a known field; did you mean concurrency?',
      'cache.kind must be one of',
      'timeline[0].at must be a duration like 30s',
      'timeline[1].pattern is required',
      'timeline[1].at (5s) lands inside the baseline window',
      'thresholds[0] names unknown metric recovery.second',
    ];
    for (const e of expected) expect(problems.some((p) => p.startsWith(e)), e).toBe(true);
    expect(problems).toHaveLength(expected.length);
  });

  it('puts the subject and every problem in the error message', async () => {
    const err = await resolveScenario('global-purge', { ratePerS: -1, durationS: 'soon' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SpecError);
    const message = (err as Error).message;
    expect(message).toContain('invalid scenario "global-purge" (2 problems)');
    expect(message).toContain('load.ratePerS must be a number > 0 and <= 1000000 (got -1) (from --rate -1)');
    expect(message).toContain('load.durationS must be a duration like 30s, 2m, 1500ms or a number of seconds (got "soon") (from --duration "soon")');
  });
});
