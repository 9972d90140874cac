/**
 * A sharded run fails when a shard never started, died, failed or was saturated: the merged numbers are then not
 * what N generators at rate/N measure. (k6 judges each instance; stampede judges the merge, so the merge must be
 * whole.)
 */
import type { Report, ShardsRecord } from '../record/report.js';

export function withShardFailures(verdict: Report['verdict'], shards: ShardsRecord): Report['verdict'] {
  const broken = shards.rows.filter((r) => r.state !== 'ok');
  const saturated = shards.rows.filter((r) => r.state === 'ok' && r.saturated);
  const failures = [
    ...verdict.failures,
    ...(broken.length > 0
      ? [{ metric: 'shards.failed', op: '==', limit: 0, actual: `${broken.length} (${broken.map((r) => `shard ${r.index} ${r.state}`).join(', ')})` }]
      : []),
    ...(saturated.length > 0
      ? [{ metric: 'shards.saturated', op: '==', limit: 0, actual: `${saturated.length} (${saturated.map((r) => `shard ${r.index}`).join(', ')})` }]
      : []),
  ];
  return { pass: verdict.pass && failures.length === verdict.failures.length, failures };
}
