import { describe, expect, it } from 'vitest';
import { clockOffset } from './clock-sync.js';

describe('clockOffset', () => {
  it('is the controller minus the shard, from the sample with the smallest round trip', () => {
    // the shard runs 5000 ms behind; one-way delays 1 ms (rtt 2) and 20 ms (rtt 40)
    const shard = (controllerT: number) => controllerT - 5000;
    const samples = [
      { t1: shard(1000), t2: 1020, t4: shard(1040) },
      { t1: shard(2000), t2: 2001, t4: shard(2002) },
    ];
    expect(clockOffset(samples)).toEqual({ offsetMs: 5000, rttMs: 2, samples: 2 });
  });

  it('is exact to within half the round trip when the paths are not symmetric', () => {
    // 3 ms out, 1 ms back: the estimate is off by (3 - 1) / 2 = 1 ms, inside ± rtt/2 = 2 ms
    const { offsetMs, rttMs } = clockOffset([{ t1: 0, t2: 3 + 250, t4: 4 }]);
    expect(offsetMs).toBe(251);
    expect(Math.abs(offsetMs - 250)).toBeLessThanOrEqual(rttMs / 2);
  });

  it('needs a sample', () => {
    expect(() => clockOffset([])).toThrow(RangeError);
  });
});
