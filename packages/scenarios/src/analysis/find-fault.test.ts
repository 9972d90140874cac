import { describe, expect, it } from 'vitest';
import type { ReportEvent } from '../record/report.js';
import { findFault } from './find-fault.js';

const e = (t: number, action: string, kind?: ReportEvent['kind']): ReportEvent => ({ t, action, detail: {}, ...(kind ? { kind } : {}) });

describe('findFault', () => {
  it.each([
    { name: 'no events', events: [], expected: undefined },
    { name: 'the earliest action', events: [e(30, 'restart', 'action'), e(20, 'purge', 'action')], expected: 'purge' },
    { name: 'events without kind are actions', events: [e(20, 'purge')], expected: 'purge' },
    { name: 'phase markers are skipped', events: [e(5, 'baseline', 'phase'), e(20, 'purge')], expected: 'purge' },
    { name: 'a fault inside the run counts', events: [e(25, 'purge'), e(12, 'cache-crashed', 'fault')], expected: 'cache-crashed' },
    { name: 'only phases', events: [e(5, 'baseline', 'phase')], expected: undefined },
  ])('$name', ({ events, expected }) => {
    expect(findFault(events)?.action).toBe(expected);
  });
});
