/**
 * What compare.html plots: each run's per-bucket series (report/chart-data.ts, the numbers report.html draws) on
 * one time axis, seconds since each run's own load start, so the same timeline action lands at the same x in
 * both. uPlot needs one x array: the two grids are merged and each run is null at the other's points (the page
 * draws across those gaps). Pure.
 */
import { chartData, type ChartData, type ChartMarker } from '../report/chart-data.js';
import type { Report } from '../record/report.js';
import { timeOrigin } from '../report/time-origin.js';
import type { SideKey } from './comparison.js';
import { loadStart } from './load-start.js';

export interface CompareChart {
  id: string;
  title: string;
  /** axis label */
  unit: string;
  /** value suffix in the legend */
  suffix: string;
  /** log-scaled y (latency) */
  log?: boolean;
  /** fixed y range (percentages) */
  range?: [number, number];
  a: (number | null)[];
  b: (number | null)[];
}

export interface CompareMarker extends ChartMarker {
  run: SideKey;
}

export interface CompareChartData {
  /** seconds since each run's load start */
  x: number[];
  labels: Record<SideKey, string>;
  charts: CompareChart[];
  markers: CompareMarker[];
}

interface ChartSpec {
  id: string;
  title: string;
  unit: string;
  suffix: string;
  log?: boolean;
  range?: [number, number];
  column: (d: ChartData) => (number | null)[];
}

const CHARTS: readonly ChartSpec[] = [
  { id: '503', title: '503 responses per second', unit: '503 / s', suffix: '/s', column: (d) => d.responses['503'] },
  { id: 'latency', title: 'Latency p99 per bucket (from intended send time)', unit: 'ms', suffix: ' ms', log: true, column: (d) => d.latency.p99 },
  { id: 'hit-ratio', title: 'Cache hit ratio', unit: '%', suffix: '%', range: [0, 100], column: (d) => d.hitRatio },
  { id: 'origin', title: 'Origin arrivals per second', unit: 'arrivals / s', suffix: '/s', column: (d) => d.origin.arrivals },
  { id: 'queue', title: 'Origin queue (highest per bucket)', unit: 'requests', suffix: '', column: (d) => d.origin.queue },
  { id: '2xx', title: '2xx responses per second', unit: '2xx / s', suffix: '/s', column: (d) => d.responses['2xx'] },
];

const round = (v: number) => Number(v.toFixed(3));

export function compareChartData(a: Report, b: Report, labels: Record<SideKey, string>): CompareChartData {
  const sides = { a: shifted(a), b: shifted(b) };
  const x = [...new Set([...sides.a.x, ...sides.b.x])].sort((p, q) => p - q);
  const at = new Map(x.map((v, i) => [v, i]));
  const spread = (side: Shifted, values: (number | null)[]): (number | null)[] => {
    const out = new Array<number | null>(x.length).fill(null);
    side.x.forEach((v, i) => (out[at.get(v) as number] = values[i] ?? null));
    return out;
  };
  return {
    x,
    labels,
    charts: CHARTS.map((c) => ({
      id: c.id,
      title: c.title,
      unit: c.unit,
      suffix: c.suffix,
      ...(c.log ? { log: true } : {}),
      ...(c.range ? { range: c.range } : {}),
      a: spread(sides.a, c.column(sides.a.data)),
      b: spread(sides.b, c.column(sides.b.data)),
    })),
    markers: (['a', 'b'] as const).flatMap((run) =>
      sides[run].markers.map((m) => ({ ...m, run, label: `${run.toUpperCase()} ${m.label}` })),
    ),
  };
}

interface Shifted {
  data: ChartData;
  x: number[];
  markers: ChartMarker[];
}

/** One run's chart data with times moved from "since the first bucket" to "since the load start". */
function shifted(report: Report): Shifted {
  const data = chartData(report);
  const offsetS = (timeOrigin(report) - loadStart(report)) / 1000;
  return {
    data,
    x: data.x.map((v) => round(v + offsetS)),
    // the load start itself is x = 0 for both runs: the axis says so already
    markers: data.markers
      .filter((m) => !(m.kind === 'phase' && m.label === 'load-start'))
      .map((m) => ({ ...m, x: round(m.x + offsetS) })),
  };
}
