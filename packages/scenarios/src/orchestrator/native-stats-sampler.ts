/**
 * Samples the cache's own counters (when it has them): once before and once after the measured load, so their
 * totals cover exactly what the origin counted (report.cache.stats vs summary.origin.arrivals reconcile), and once
 * per interval for the series (one sample at a time: an interval whose sample is still out is skipped).
 */
import type { CacheAdapter } from '../caches/adapter.js';
import type { ReportEvent } from '../record/report.js';
import { faultEvent } from './fault-event.js';
import { nativeStatsSeries, nativeTotals, type StatsSample } from './native-stats.js';

export class NativeStatsSampler {
  readonly #cache: CacheAdapter;
  readonly #record: (event: ReportEvent) => void;
  readonly #samples: StatsSample[] = [];
  #before: Record<string, number> | undefined;
  #after: Record<string, number> | undefined;
  #sampling = false;

  constructor(cache: CacheAdapter, record: (event: ReportEvent) => void) {
    this.#cache = cache;
    this.#record = record;
  }

  async before(): Promise<void> {
    if (this.#cache.capabilities.nativeStats) this.#before = await this.#cache.stats().catch(() => undefined);
  }

  async after(): Promise<void> {
    if (this.#cache.capabilities.nativeStats) this.#after = await this.#cache.stats().catch(() => undefined);
  }

  /** samples for the interval that ended at bucket time `t`; a failed sample is recorded as a fault */
  sample(t: number): void {
    if (!this.#cache.capabilities.nativeStats || this.#sampling) return;
    this.#sampling = true;
    this.#cache
      .stats()
      .then((values) => this.#samples.push({ t, values }))
      .catch((err: unknown) => this.#record(faultEvent('cache-stats', err)))
      .finally(() => (this.#sampling = false));
  }

  /** per-bucket values by bucket time (deltas for counters, levels for gauges) */
  series(): Map<number, Record<string, number>> {
    return nativeStatsSeries(this.#samples);
  }

  /** the counters' increase over the whole measured load; undefined unless both brackets were sampled */
  totals(): Record<string, number> | undefined {
    if (!this.#before || !this.#after) return undefined;
    return nativeTotals([
      { t: Number.NEGATIVE_INFINITY, values: this.#before },
      ...this.#samples,
      { t: Number.POSITIVE_INFINITY, values: this.#after },
    ]);
  }
}
