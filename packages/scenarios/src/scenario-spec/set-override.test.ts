import { describe, expect, it } from 'vitest';
import { applyOverrides } from './overrides.js';
import { resolveScenario } from './resolve.js';
import { parseSetValue, problemPath, setPathSegments } from './set-override.js';

describe('--set path=value', () => {
  it.each([
    ['200000', 200000],
    ['false', false],
    ['null', null],
    ['{"kind":"zipf","s":1}', { kind: 'zipf', s: 1 }],
    ['45s', '45s'],
    ['zipf:1.1', 'zipf:1.1'],
    ['"42"', '42'],
  ])('value %s parses as JSON when it is JSON, else stays text', (text, value) => {
    expect(parseSetValue(text)).toEqual(value);
  });

  it.each([
    ['load.ratePerS', ['load', 'ratePerS'], 'load.ratePerS'],
    ['timeline.0.at', ['timeline', '0', 'at'], 'timeline[0].at'],
    ['timeline[1].action', ['timeline', '1', 'action'], 'timeline[1].action'],
  ])('path %s', (path, segments, asProblem) => {
    expect(setPathSegments(path)).toEqual(segments);
    expect(problemPath(path)).toBe(asProblem);
  });

  it.each(['load..keys', '.load', 'load.', '__proto__.x', 'cache.constructor'])('refuses %s as a path', (path) => {
    expect(typeof setPathSegments(path)).toBe('string');
  });

  it('writes fields, creating sections, into array elements, after the other flags', () => {
    const raw = { load: { ratePerS: 10 }, timeline: [{ at: '12s', action: 'purge-all' }] };
    const out = applyOverrides(raw, {
      ratePerS: 50,
      set: [
        { path: 'load.ratePerS', value: 200000 },
        { path: 'origin.concurrency', value: 400 },
        { path: 'timeline.0.at', value: '20s' },
      ],
    });
    expect(out).toEqual({ load: { ratePerS: 200000 }, origin: { concurrency: 400 }, timeline: [{ at: '20s', action: 'purge-all' }] });
    expect(raw.load.ratePerS).toBe(10);
  });

  it('a set value is validated like the file, and the problem names the --set that caused it', async () => {
    await expect(resolveScenario('global-purge', { set: [{ path: 'load.ratePerS', value: -5 }] })).rejects.toThrow(
      /load\.ratePerS .*\(from --set load\.ratePerS=-5\)/,
    );
    await expect(resolveScenario('global-purge', { set: [{ path: 'timeline.0.at', value: 'soon' }] })).rejects.toThrow(
      /timeline\[0\]\.at .*\(from --set timeline\.0\.at="soon"\)/,
    );
    const spec = await resolveScenario('global-purge', { set: [{ path: 'load.keys', value: 10_000_000 }, { path: 'load.ratePerS', value: 1_000_000 }] });
    expect(spec.load).toMatchObject({ keys: 10_000_000, ratePerS: 1_000_000 });
  });
});
