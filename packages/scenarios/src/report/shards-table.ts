/**
 * The per-shard table of a sharded run (report.shards): one row per load generator, so a reader sees that the
 * merged numbers came from N of them and which one, if any, broke the instrument.
 */
import type { ShardsRecord } from '../record/report.js';
import { formatInt, formatMs } from './format.js';
import type { Cell, Table } from './report-tables.js';

export interface ShardsView {
  /** "4 shards (local: 4 processes on this machine); clock offsets accepted up to 1 s" */
  caption: string;
  table: Table;
}

export function shardsTable(shards: ShardsRecord): ShardsView {
  return {
    caption:
      `${shards.count} shard${shards.count === 1 ? '' : 's'} (${shards.engine}: ${shards.where}); ` +
      `each shard's clock offset was measured at the start barrier and corrected; offsets above ${formatMs(shards.maxClockOffsetMs)} are refused`,
    table: {
      header: ['Shard', 'State', 'Requests', 'Dropped', 'Schedule lag p99', 'Clock offset (± rtt/2)', 'Saturated'],
      rows: shards.rows.map((r): Cell[] => [
        { text: String(r.index) },
        r.state === 'ok' ? { text: 'ok', tone: 'good' } : { text: r.reason ? `${r.state}: ${r.reason}` : r.state, tone: 'bad' },
        { text: formatInt(r.requests) },
        { text: formatInt(r.dropped), ...(r.dropped > 0 ? { tone: 'bad' as const } : {}) },
        { text: formatMs(r.scheduleLagP99Ms) },
        { text: `${r.clockOffsetMs >= 0 ? '+' : ''}${formatMs(r.clockOffsetMs)} (± ${formatMs(r.rttMs / 2)})` },
        r.saturated ? { text: r.state === 'ok' && r.reason ? `yes: ${r.reason}` : 'yes', tone: 'bad' } : { text: 'no' },
      ]),
    },
  };
}
