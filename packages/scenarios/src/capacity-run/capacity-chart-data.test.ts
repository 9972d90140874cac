import { describe, expect, test } from 'vitest';
import { capacityChartData } from './capacity-chart-data.js';
import { fakeSearch } from './testing/search.js';

describe('capacityChartData', () => {
  test('one point per probed value, ascending; pass and fail split; the boundary marked', async () => {
    const r = await fakeSearch();
    const d = capacityChartData(r);
    expect(d.x).toEqual([...r.probes.map((p) => p.value)].sort((a, b) => a - b));
    expect(d.log).toBe(true);
    expect(d.xLabel).toBe('request rate (req/s)');
    d.x.forEach((v, i) => {
      const passed = v <= 612;
      expect(d.rate503.pass[i] !== null).toBe(passed);
      expect(d.rate503.fail[i] !== null).toBe(!passed);
      expect(d.rate503.all[i]).not.toBeNull();
    });
    expect(d.markers.map((m) => m.kind)).toEqual(['pass', 'fail']);
    expect(d.markers[0]!.x).toBe(r.boundary);
    expect(d.markers[1]!.x).toBe(r.failedAt);
    // above 918 req/s the made-up system never recovers
    expect(d.noRecovery).toEqual(d.x.filter((v) => v > 918));
    expect(d.noRecovery).toContain(1600);
    expect(d.recovery.all.at(-1)).toBeNull();
  });

  test('origin.concurrency: a linear axis in slots', async () => {
    const d = capacityChartData(await fakeSearch({ vary: 'origin.concurrency', from: 1, to: 4 }));
    expect(d.log).toBe(false);
    expect(d.xLabel).toBe('origin concurrency (slots)');
  });
});
