import { describe, expect, it } from 'vitest';
import { cacheCapabilities, requiredCapabilities } from './capabilities.js';
import { validateScenario } from './validate.js';

const withTimeline = (timeline: unknown[], cache: Record<string, unknown> = {}) =>
  validateScenario({ name: 'caps', load: { ratePerS: 10, durationS: 60 }, cache, timeline });

describe('requiredCapabilities', () => {
  it.each([
    [[{ at: 15, action: 'purge-all' }], {}, ['purgeAll']],
    [[{ at: 15, action: 'ban', pattern: '.' }], {}, ['ban']],
    [[{ at: 15, action: 'purge', keys: { top: 3 } }], {}, ['purgeKeys']],
    [[{ at: 15, action: 'restart-cache', mode: 'cold' }], {}, ['restartCold']],
    [[{ at: 15, action: 'restart-cache', mode: 'warm' }], {}, ['restartWarm']],
    [[{ at: 15, action: 'reload-cache-config', ttlOverrideS: 0 }], {}, ['reloadConfig']],
    [[{ at: 15, action: 'reload-cache-config', coalescing: false }], {}, ['reloadConfig', 'coalescingToggle']],
    [[{ at: 15, action: 'reload-cache-config', coalescing: true }], {}, ['reloadConfig']],
    [[{ at: 15, action: 'reload-cache-config', grace: 10 }], {}, ['reloadConfig', 'grace']],
    [[{ at: 15, action: 'set-origin-ttl', ttlS: 1 }], {}, []],
    [[{ at: 15, action: 'origin-down' }, { at: 20, action: 'origin-up' }], {}, []],
    [[], { coalescing: false }, ['coalescingToggle']],
    [[], { grace: false }, ['grace']],
    [
      [
        { at: 20, action: 'purge-all' },
        { at: 15, action: 'ban', pattern: '.' },
        { at: 25, action: 'purge-all' },
      ],
      { coalescing: false },
      ['purgeAll', 'ban', 'coalescingToggle'],
    ],
  ])('%j with cache %j needs %j', (timeline, cache, expected) => {
    expect(requiredCapabilities(withTimeline(timeline, cache))).toEqual(expected);
  });

  it('reads an external cache capabilities from its actions', () => {
    const caps = cacheCapabilities({
      kind: 'external',
      actions: { purgeAll: { command: 'true' }, restart: { url: 'http://127.0.0.1:1/restart' } },
    });
    expect(Object.entries(caps).filter(([, v]) => v).map(([k]) => k)).toEqual(['purgeAll', 'restartCold', 'restartWarm']);
  });

  it('accepts an external cache whose actions cover the timeline', () => {
    const spec = withTimeline([{ at: 15, action: 'purge-all' }], {
      kind: 'external',
      url: 'http://127.0.0.1:6081',
      actions: { purgeAll: { command: 'varnishadm ban req.url "~" .' } },
    });
    expect(requiredCapabilities(spec)).toEqual(['purgeAll']);
  });
});
