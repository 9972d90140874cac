/**
 * The `stampede gate --help` epilogue, generated from the tables the gate uses (default-tolerances.ts,
 * thresholds/metrics.ts), so the documented defaults cannot drift from the applied ones. Pure.
 */
import { METRIC_PATHS } from '../thresholds/metrics.js';
import { DEFAULT_GATED, defaultTolerance, INFO_METRICS, NOISE_K, UNIT_FLOORS } from './default-tolerances.js';
import { formatMagnitude } from './format-metric.js';
import { metricTraits, type MetricUnit } from './metric-traits.js';
import { formatTolerance } from './tolerance-band.js';

/** Table lines stay under 80 columns; prose is one line per paragraph, which yargs wraps to the terminal. */
export function gateHelp(): string {
  const width = Math.max(...DEFAULT_GATED.map((m) => m.length));
  const gated = DEFAULT_GATED.map((m) => {
    const traits = metricTraits(m);
    const rule =
      traits.unit === 'boolean'
        ? `${traits.direction === 'lower-is-worse' ? 'true → false' : 'false → true'} is a regression`
        : `${traits.direction === 'higher-is-worse' ? 'higher' : 'lower'} is worse; ${formatTolerance(defaultTolerance(traits.unit), traits.unit)}` +
          (traits.nullMeans === 'worst' ? ' (never: worst)' : '');
    return `  ${m.padEnd(width)}  ${rule}`;
  });
  const floors = (Object.keys(UNIT_FLOORS) as MetricUnit[])
    .filter((u) => u !== 'boolean')
    .map((u) => `${u} ${formatMagnitude(UNIT_FLOORS[u], u)}`)
    .join(', ');
  return [
    'Gated by default (a regression exits 1):',
    ...gated,
    '',
    `Shown for information, gated only when named with --tolerance (absolute latencies depend on the machine): ${INFO_METRICS.join(', ')}.`,
    '',
    'A regression is a current value beyond baseline + max(N% of the baseline, floor) in the worse direction ' +
      '(hit ratios, 2xx and responses: lower is worse; everything else: higher is worse). A gated metric with a ' +
      `baseline value and no current value fails too. Floors by unit: ${floors}. With repeat statistics ` +
      '(report.repeat, from stampede run --repeat N) medians are compared, and the band widens to ' +
      `${NOISE_K} × MAD (the larger of the two reports') when that is larger.`,
    '',
    "--tolerance METRIC=VALUE, repeatable: N% of the baseline (keeps the floor), an absolute amount in the metric's " +
      'unit (3s, 500ms, 0.5pp, 10), both as N%,AMOUNT (25%,20: 25% but at least 20), or off (show, do not gate). ' +
      'E.g. --tolerance rate503=10% --tolerance recovery.seconds=3s --tolerance latencyMs.incident.p99=20%',
    '',
    '--junit and --summary replace their file. To add to $GITHUB_STEP_SUMMARY: --summary gate.md, then ' +
      'cat gate.md >> "$GITHUB_STEP_SUMMARY".',
    '',
    `Metrics: ${compactMetricList()}.`,
    '',
    'Exit codes: 0 no regression, 1 regression, 2 usage error (a bad flag, an unreadable or invalid report, reports ' +
      'of different scenarios or cache kinds, a run cut short: --allow-mismatch compares them anyway).',
  ].join('\n');
}

/** Every metric, latencies folded: `latencyMs.{all,baseline,...}.{p50,...}`. */
function compactMetricList(): string {
  const latency = METRIC_PATHS.filter((p) => p.startsWith('latencyMs.')).map((p) => p.split('.'));
  const distinct = (i: number) => [...new Set(latency.map((parts) => parts[i] ?? ''))].join(',');
  const others = METRIC_PATHS.filter((p) => !p.startsWith('latencyMs.'));
  return [...others, `latencyMs.{${distinct(1)}}.{${distinct(2)}}`].join(', ');
}
