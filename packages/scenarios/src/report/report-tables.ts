/**
 * The tabular view of a report, as plain strings: what every renderer shows, so report.md and report.html say
 * the same thing. Renderers only escape and lay these out.
 */
import type { RetryPolicy } from '@stampede/loadgen';
import { bucketWidthMs } from '../record/bucket-width.js';
import { verdictOutcome, type VerdictOutcome } from '../analysis/verdict.js';
import {
  formatInt,
  formatMs,
  formatPercent,
  formatPerSec,
  formatRelative,
  formatSeconds,
  formatTimes,
  formatUnknown,
  formatValue,
} from './format.js';
import type { LatencySummaryMs, Phase, Report, VerdictFailure } from '../record/report.js';
import { shardsTable, type ShardsView } from './shards-table.js';
import { timeOrigin } from './time-origin.js';

export type Tone = 'good' | 'bad' | 'warn';

export interface Cell {
  text: string;
  tone?: Tone;
}

export interface Table {
  header: string[];
  rows: Cell[][];
}

export interface HeadlineCard {
  label: string;
  value: string;
  note: string;
  tone?: Tone;
}

export interface ReportTables {
  /** "<scenario> on <cache> <version>" */
  title: string;
  /** scenario.title and scenario.incident, when given */
  subtitle: string[];
  /** run id, start time, tool version */
  runLine: string;
  /** load and origin set-up, one line each */
  setup: string[];
  /** warnings worth reading before the numbers (interrupted, saturated generator, no fault) */
  notes: Cell[];
  cards: HeadlineCard[];
  headline: Table;
  phases: Table;
  events: Table;
  reconciliation: Table;
  /** explanations of reconciliation differences */
  reconciliationNotes: string[];
  /** the per-shard table, when the load came from several generators (report.shards) */
  shards?: ShardsView;
  /** failures: the checks that failed (never the interruption marker); interruption: what an interrupted run says instead */
  verdict: { pass: boolean; status: VerdictOutcome['status']; interruption?: string; failures: string[] };
}

const PHASE_LABELS: Record<Phase, string> = {
  all: 'whole run',
  baseline: 'baseline',
  incident: 'incident',
  after: 'after recovery',
};

export function formatFailure(f: VerdictFailure): string {
  return `${f.metric} ${f.op} ${formatValue(f.limit)} (actual ${formatValue(f.actual)})`;
}

export function reportTables(report: Report): ReportTables {
  const s = report.summary;
  const zero = timeOrigin(report);
  const intervalMs = bucketWidthMs(report.series);
  const lastPoint = report.series[report.series.length - 1];
  const endMs = lastPoint ? lastPoint.t + intervalMs : zero;
  const rel = (t: number) => (t - zero) / 1000;
  const fault = s.windows?.fault ?? null;

  const recovery: Cell =
    fault === null
      ? { text: 'n/a (no fault)' }
      : s.recovery.recovered && s.recovery.seconds !== null
        ? { text: `${formatSeconds(s.recovery.seconds, 2)} (at ${formatRelative(rel(fault + s.recovery.seconds * 1000))})`, tone: 'good' }
        : s.baseline?.healthy === false
          ? { text: 'not judged (the baseline itself was failing)', tone: 'bad' }
          : { text: s.recovery.reason ? `did not recover: ${s.recovery.reason}` : 'did not recover', tone: 'bad' };
  const rewarm: Cell =
    s.hitRatio.baseline === null
      ? { text: 'n/a (no cache outcome in the baseline)' }
      : s.rewarm.seconds === null
        ? { text: 'never', tone: 'bad' }
        : { text: fault === null ? formatSeconds(s.rewarm.seconds, 2) : `${formatSeconds(s.rewarm.seconds, 2)} (at ${formatRelative(rel(fault + s.rewarm.seconds * 1000))})` };
  const baseRate = s.baseline?.originRatePerS;
  const amplification: Cell =
    s.amplification === null
      ? { text: fault === null ? 'n/a (no fault)' : 'n/a (the origin saw no traffic in the baseline)' }
      : {
          text:
            baseRate === undefined
              ? formatTimes(s.amplification)
              : `${formatTimes(s.amplification)} (origin peak ${formatPerSec(s.amplification * baseRate)} vs ${formatPerSec(baseRate)} baseline)`,
          ...(s.amplification >= 2 ? { tone: 'warn' as const } : {}),
        };
  const clientFetches = report.series.reduce((n, p) => n + p.cache.miss + p.cache.pass, 0);
  // with client retries every attempt goes to the cache: the first ones (sent) and the retries
  const sent = report.series.reduce((n, p) => n + p.sent + (p.retry?.retries ?? 0), 0);
  const retry = s.retry;

  const headline: Table = {
    header: ['Metric', 'Value'],
    rows: [
      ['Requests', `${formatInt(s.requests)} (${formatInt(s.responses)} responses, ${formatInt(s.dropped)} dropped)`],
      [
        '503 responses',
        { text: `${formatInt(s.status['503'])} (${formatPercent(s.rate503)} of responses)`, ...(s.status['503'] > 0 ? { tone: 'bad' as const } : {}) },
      ],
      ['Peak 503/s', formatPerSec(s.peak503PerSec)],
      ['Other failures', `5xx ${formatInt(s.status['5xx'])}, 4xx ${formatInt(s.status['4xx'])}, timeouts ${formatInt(s.status.timeout)}, connection errors ${formatInt(s.status.connError)}`],
      ...(retry
        ? [
            [
              'Client retries (attempts ÷ requests)',
              {
                text:
                  `${formatTimes(retry.amplification)}: ${formatInt(retry.attempts)} attempts for ${formatInt(retry.logical)} requests, ` +
                  `${formatInt(retry.retries)} retries, ${formatInt(retry.budgetDenied)} denied by the budget, ${formatInt(retry.gaveUp)} gave up`,
                ...(retry.amplification >= 1.5 ? { tone: 'warn' as const } : {}),
              } as Cell,
            ],
          ]
        : []),
      ['Recovery', recovery],
      ['Rewarm (hit ratio back to 95% of baseline)', rewarm],
      ['Amplification (origin arrivals/s, peak after the fault ÷ baseline)', amplification],
      [
        'Hit ratio (baseline → min after the fault)',
        `${s.hitRatio.baseline === null ? 'n/a' : formatPercent(s.hitRatio.baseline)} → ${s.hitRatio.min === null ? 'n/a' : formatPercent(s.hitRatio.min)}`,
      ],
      ['p99 (baseline vs incident)', `${formatMs(s.latencyMs.baseline.p99)} vs ${formatMs(s.latencyMs.incident.p99)}`],
      ['Origin arrivals vs client responses', `${formatInt(s.origin.arrivals)} vs ${formatInt(s.responses)}`],
      [
        'Generator saturated',
        s.generator.saturated
          ? { text: `yes (${formatInt(s.dropped)} dropped, schedule lag p99 ${formatMs(s.generator.scheduleLagP99Ms)})`, tone: 'bad' }
          : { text: `no (schedule lag p99 ${formatMs(s.generator.scheduleLagP99Ms)})` },
      ],
    ].map(([label, value]) => [{ text: label as string }, typeof value === 'string' ? { text: value } : (value as Cell)]),
  };

  const windows: Record<Phase, { from: number; to: number } | null> = {
    all: report.series.length > 0 ? { from: zero, to: endMs } : null,
    baseline: s.windows?.baseline ?? null,
    incident: fault === null ? null : { from: fault, to: s.windows?.recoveredAt ?? endMs },
    after: s.windows?.recoveredAt == null ? null : { from: s.windows.recoveredAt, to: endMs },
  };
  const phases: Table = {
    header: ['Phase', 'Window', 'p50', 'p90', 'p99', 'p99.9', 'max'],
    rows: (['baseline', 'incident', 'after', 'all'] as const).map((phase) => {
      const w = windows[phase];
      const empty = phase !== 'all' && (w === null || w.to <= w.from);
      const l: LatencySummaryMs = s.latencyMs[phase];
      const window = w === null ? '—' : `${formatRelative(rel(w.from))} → ${formatRelative(rel(w.to))}`;
      return [
        { text: PHASE_LABELS[phase] },
        { text: window },
        ...[l.p50, l.p90, l.p99, l.p999, l.max].map((v) => ({ text: empty ? '—' : formatMs(v) })),
      ];
    }),
  };

  const events: Table = {
    header: ['Time', 'Event', 'Kind', 'Detail'],
    rows: [...report.events]
      .sort((a, b) => a.t - b.t)
      .map((e) => [
        { text: formatRelative(rel(e.t)) },
        { text: e.action },
        { text: e.kind ?? 'action' },
        { text: Object.entries(e.detail).map(([k, v]) => `${k}=${formatUnknown(typeof v === 'string' ? v : JSON.stringify(v) ?? String(v))}`).join(', ') },
      ]),
  };

  const diff = (a: number, b: number) => (a === b ? '0' : `${a > b ? '+' : '−'}${formatInt(Math.abs(a - b))}`);
  const reconciliation: Table = {
    header: ['', 'Client side', 'Origin side', 'Difference'],
    rows: [
      [
        retry ? 'Attempts sent (requests + retries) → origin arrivals' : 'Requests sent → origin arrivals',
        formatInt(sent),
        formatInt(s.origin.arrivals),
        sent > 0 ? `${formatPercent(Math.max(0, 1 - s.origin.arrivals / sent))} absorbed by the cache` : '',
      ],
      ['Cache misses + passes → origin arrivals', formatInt(clientFetches), formatInt(s.origin.arrivals), diff(clientFetches, s.origin.arrivals)],
      ['503 responses', formatInt(s.status['503']), formatInt(s.origin.rejected503), diff(s.status['503'], s.origin.rejected503)],
      ['Peak in-flight / queue at the origin', '', `${formatInt(s.origin.peakInflight)} / ${formatInt(s.origin.peakQueue)}`, ''],
    ].map((row) => row.map((text) => ({ text }))),
  };
  const reconciliationNotes: string[] = [];
  if (clientFetches > s.origin.arrivals) {
    reconciliationNotes.push(
      `${formatInt(clientFetches - s.origin.arrivals)} client misses/passes did not reach the origin: request coalescing shared fetches (or requests failed inside the cache).`,
    );
  } else if (clientFetches < s.origin.arrivals) {
    reconciliationNotes.push(
      `The origin saw ${formatInt(s.origin.arrivals - clientFetches)} more requests than the client's misses/passes: background refreshes (grace/stale) or cache retries.`,
    );
  }
  if (s.status['503'] > s.origin.rejected503) {
    reconciliationNotes.push(
      `${formatInt(s.status['503'] - s.origin.rejected503)} client 503s were not sent by the origin: the cache generated them (backend fetch failures, timeouts or its own limits).`,
    );
  } else if (s.status['503'] < s.origin.rejected503) {
    reconciliationNotes.push(
      `${formatInt(s.origin.rejected503 - s.status['503'])} origin 503s never reached the client as 503: the cache retried, served stale, or coalesced them.`,
    );
  }

  const notes: Cell[] = [];
  if (report.interrupted) {
    notes.push({ text: `Interrupted at ${formatRelative(rel(report.interrupted.at))}: ${report.interrupted.reason}. The report holds what was measured until then.`, tone: 'bad' });
  }
  if (s.generator.saturated) {
    notes.push({
      text: `The load generator was saturated: it could not keep to the schedule, so the offered load was lower than asked${s.generator.reason ? ` (${s.generator.reason})` : ''}. Latency still counts from the intended send time.`,
      tone: 'warn',
    });
  }
  if (fault === null) notes.push({ text: 'No fault was injected: nothing to recover from.' });
  if (s.baseline?.healthy === false) {
    notes.push({ text: `Recovery was not judged: ${s.baseline.problem ?? 'the baseline was not healthy'}.`, tone: 'bad' });
  }

  const outcome = verdictOutcome(report);
  const failures = outcome.failures.map(formatFailure);
  const cards: HeadlineCard[] = [
    {
      label: '503 responses',
      value: formatInt(s.status['503']),
      note: `${formatPercent(s.rate503)} of responses · peak ${formatPerSec(s.peak503PerSec)}`,
      ...(s.status['503'] > 0 ? { tone: 'bad' as const } : { tone: 'good' as const }),
    },
    {
      label: 'Recovery',
      value:
        fault === null
          ? 'n/a'
          : s.recovery.seconds !== null
            ? formatSeconds(s.recovery.seconds, 2)
            : s.baseline?.healthy === false
              ? 'not judged'
              : 'did not recover',
      note:
        fault === null
          ? 'no fault injected'
          : s.recovery.recovered
            ? 'from the fault to a steady healthy window'
            : s.baseline?.healthy === false
              ? 'not judged: the baseline itself was failing'
              : s.recovery.reason
                ? `still unhealthy at the end of the run (metastable), ${s.recovery.reason}`
                : 'still unhealthy at the end of the run (metastable)',
      ...(recovery.tone ? { tone: recovery.tone } : {}),
    },
    {
      label: 'Amplification',
      value: s.amplification === null ? 'n/a' : formatTimes(s.amplification),
      note:
        s.amplification === null
          ? fault === null
            ? 'no fault injected'
            : 'no origin traffic in the baseline'
          : `origin arrivals/s at peak vs baseline`,
      ...(amplification.tone ? { tone: amplification.tone } : {}),
    },
    {
      label: 'p99 during the incident',
      value: fault === null ? 'n/a' : formatMs(s.latencyMs.incident.p99),
      note: `baseline ${formatMs(s.latencyMs.baseline.p99)}`,
    },
    {
      label: 'Verdict',
      value: outcome.status,
      note: outcome.interruption
        ? 'partial report, verdict not judged'
        : report.verdict.pass
          ? 'every check passed'
          : `${failures.length} failed check${failures.length === 1 ? '' : 's'}`,
      tone: report.verdict.pass ? 'good' : 'bad',
    },
  ];

  const subtitle = [report.scenario.title, report.scenario.incident].filter((x): x is string => typeof x === 'string' && x !== '');
  const load = report.load;
  const origin = report.origin;
  return {
    title: `${report.scenario.name} on ${report.cache.kind}${report.cache.version ? ` ${report.cache.version}` : ''}`,
    subtitle,
    runLine: `run ${report.runId} · started ${report.startedAt} · stampede ${report.tool.version}`,
    setup: [
      `Load: ${load.model}, ${formatPerSec(load.rate)}, ${formatInt(load.workers)} workers × ${formatInt(load.connections)} connections, ${formatInt(load.keys)} keys (${formatUnknown(load.distribution)})`,
      `Origin: ${formatInt(origin.concurrency)} concurrent, queue ${formatInt(origin.queue)}, service time ${typeof origin.serviceMs === 'number' ? formatMs(origin.serviceMs) : formatUnknown(origin.serviceMs)}${origin.ttlS === undefined ? '' : `, TTL ${formatInt(origin.ttlS)} s`}`,
      ...retrySetup(load['retry']),
      ...retargetedSetup(report.cache.config),
    ],
    notes,
    cards,
    headline,
    phases,
    events,
    reconciliation,
    reconciliationNotes,
    ...(report.shards ? { shards: shardsTable(report.shards) } : {}),
    verdict: { pass: report.verdict.pass, status: outcome.status, ...(outcome.interruption ? { interruption: outcome.interruption } : {}), failures },
  };
}

/** The clients' retry policy (report.load.retry), one line; nothing when they did not retry. */
function retrySetup(policy: unknown): string[] {
  if (policy === null || typeof policy !== 'object') return [];
  const r = policy as Partial<RetryPolicy>;
  const backoff =
    r.backoff === 'constant'
      ? `constant ${formatMs(r.baseMs ?? 0)}`
      : `exponential ${formatMs(r.baseMs ?? 0)} × ${r.multiplier ?? 2} up to ${formatMs(r.maxMs ?? 0)}`;
  const budget = r.budget ? `budget ${formatPercent(r.budget.ratio)} of requests${r.budget.minPerS ? ` + ${formatPerSec(r.budget.minPerS)}` : ''}` : 'no budget';
  return [
    `Client retries: up to ${formatInt(r.maxAttempts ?? 1)} attempts on ${(r.on ?? []).join(', ')}, backoff ${backoff}, jitter ${r.jitter ?? 'none'}, ${budget}`,
  ];
}

/** A user's cache config whose backends stampede pointed at its origin (`cache.config.retargeted`): which, from where. */
function retargetedSetup(config: Record<string, unknown>): string[] {
  const list = config['retargeted'];
  if (!Array.isArray(list) || list.length === 0) return [];
  const backends = (list as { name?: unknown; was?: unknown; probe?: unknown }[])
    .map((b) => `${String(b.name)} (was ${String(b.was)}${b.probe === true ? ', probed' : ''})`)
    .join(', ');
  const file = typeof config['vcl'] === 'string' ? `${config['vcl']}: ` : '';
  return [`Cache config: ${file}backends pointed at the origin: ${backends}`];
}
