/**
 * How numbers read in reports. Locale-free (no toLocaleString: output must not depend on the machine's ICU
 * data or LANG), so snapshots are stable everywhere.
 */

/** 30000 -> "30,000"; rounds to `digits` decimals first. */
export function formatNumber(n: number, digits = 0): string {
  if (!Number.isFinite(n)) return String(n);
  const [int, frac] = Math.abs(n).toFixed(digits).split('.') as [string, string | undefined];
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = n < 0 && Number(Math.abs(n).toFixed(digits)) !== 0 ? '-' : '';
  return `${sign}${grouped}${frac === undefined ? '' : `.${frac}`}`;
}

export function formatInt(n: number): string {
  return formatNumber(n, 0);
}

/** A ratio as a percentage: "95.0%", small ones with more digits ("0.04%"), exact zero as "0%". */
export function formatPercent(ratio: number): string {
  if (ratio === 0) return '0%';
  const pct = ratio * 100;
  return `${formatNumber(pct, Math.abs(pct) < 1 ? 2 : 1)}%`;
}

/** Latency: three significant digits below 100 ms ("8.00 ms", "12.3 ms"), whole ms above ("1,500 ms"). */
export function formatMs(ms: number): string {
  const abs = Math.abs(ms);
  return `${formatNumber(ms, abs < 10 ? 2 : abs < 100 ? 1 : 0)} ms`;
}

/** Durations: "11.7 s". */
export function formatSeconds(s: number, digits = 1): string {
  return `${formatNumber(s, digits)} s`;
}

/** Times relative to the first bucket: "+20.30 s". */
export function formatRelative(s: number): string {
  return `${s < 0 ? '-' : '+'}${formatNumber(Math.abs(s), 2)} s`;
}

/** Rates: "2,000/s", "25.0/s", "2.50/s". */
export function formatPerSec(perS: number): string {
  const abs = Math.abs(perS);
  return `${formatNumber(perS, abs >= 100 || Number.isInteger(perS) ? 0 : abs >= 10 ? 1 : 2)}/s`;
}

/** Ratios such as amplification: "80.0×". */
export function formatTimes(x: number): string {
  return `${formatNumber(x, x >= 100 ? 0 : 1)}×`;
}

/** Verdict limits and actual values, in the metric's own unit: 4 significant digits, whole numbers above 1000. */
export function formatValue(v: number | boolean | string | null): string {
  if (v === null) return 'null';
  if (typeof v !== 'number') return String(v);
  if (!Number.isFinite(v)) return String(v);
  return String(Math.abs(v) >= 1000 ? Math.round(v) : Number(v.toPrecision(4)));
}

/**
 * A free-form spec value on one line: strings as is; a flat object as `kind (key=value, ...)` when it has a string
 * `kind`, else `key=value, ...`; anything else as compact JSON. Cut at `max` characters.
 */
export function formatUnknown(v: unknown, max = 80): string {
  let text: string;
  if (typeof v === 'string') text = v;
  else if (v === undefined) text = '';
  else if (isFlatObject(v)) {
    const { kind, ...rest } = v;
    const pairs = Object.entries(rest).map(([k, x]) => `${k}=${typeof x === 'string' ? x : JSON.stringify(x)}`).join(', ');
    text = typeof kind === 'string' ? (pairs === '' ? kind : `${kind} (${pairs})`) : Object.entries(v).map(([k, x]) => `${k}=${typeof x === 'string' ? x : JSON.stringify(x)}`).join(', ');
  } else text = JSON.stringify(v) ?? String(v);
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

function isFlatObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const values = Object.values(v);
  return values.length > 0 && values.every((x) => x === null || ['string', 'number', 'boolean'].includes(typeof x));
}
