/**
 * Did one probe sustain its rate? The bench's targets, read from a run's summary (one generator's or the exact
 * combination of N shards'): schedule lag p99 below the target (the generator sent on time), no request dropped
 * (it never ran out of in-flight room), no timeout or connection error (the target kept up), and, for a sharded
 * run, every shard delivered its result. Every reason it missed is given, not just the first.
 */

export interface ProbeSummary {
  requests: number;
  dropped: number;
  status: { timeout: number; connError: number };
  generator: { scheduleLagP99Ms: number };
}

export interface ShardState {
  index: number;
  state: string;
  reason?: string;
}

export interface ProbeTargets {
  /** schedule lag p99 must be strictly below this, ms */
  lagP99Ms: number;
}

export interface ProbeVerdict {
  ok: boolean;
  /** why it missed; empty when ok */
  misses: string[];
}

export function probeVerdict(summary: ProbeSummary, targets: ProbeTargets, shards: readonly ShardState[] = []): ProbeVerdict {
  const misses: string[] = [];
  const lag = summary.generator.scheduleLagP99Ms;
  if (!(lag < targets.lagP99Ms)) misses.push(`schedule lag p99 ${lag.toFixed(2)} ms >= ${targets.lagP99Ms} ms`);
  if (summary.dropped > 0) misses.push(`${summary.dropped} dropped`);
  const errors = summary.status.timeout + summary.status.connError;
  if (errors > 0) misses.push(`${errors} timeout/connection error(s)`);
  for (const s of shards) if (s.state !== 'ok') misses.push(`shard ${s.index} ${s.state}${s.reason ? ` (${s.reason})` : ''}`);
  if (summary.requests === 0) misses.push('no request was sent');
  return { ok: misses.length === 0, misses };
}
