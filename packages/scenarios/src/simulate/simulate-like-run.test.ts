import { describe, expect, it } from 'vitest';
import type { Report } from '../record/report.js';
import { ensembleOf } from './simulate-like-run.js';

const run = (load: Record<string, unknown>) => ({ scenario: { spec: { load: { seed: 7 } } }, load }) as unknown as Report;

describe('ensembleOf: what the simulations of one real run vary', () => {
  it("the origin's draws in start order first, then other orders; the timer ticks 0-4 ms after t0", () => {
    const e = ensembleOf(run({ wallClockOffsetMs: 12.5 }), 5);
    expect(e.map((m) => m.drawOrderSeed)).toEqual([undefined, 8, 9, 10, 11]);
    expect(e.map((m) => m.timerPhaseMs)).toEqual([0, 1, 2, 3, 4]);
  });

  it("the system clock's seconds where the run recorded them, else spread over one second", () => {
    expect(ensembleOf(run({ wallClockOffsetMs: 12.5 }), 5).map((m) => m.wallClockOffsetMs)).toEqual([12.5, 12.5, 12.5, 12.5, 12.5]);
    expect(ensembleOf(run({}), 5).map((m) => m.wallClockOffsetMs)).toEqual([0, 200, 400, 600, 800]);
  });
});
