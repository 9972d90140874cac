/**
 * `stampede load`: the generator alone against any URL (loopback unless --allow-remote). Prints one progress line
 * per interval on stderr (interactive terminals only), a short human summary at the end (unless --json), the
 * LoadResult JSON on stdout with --json, and writes it atomically to --out. Ctrl-C stops the schedule, keeps what was
 * measured and exits 4. Flags map onto LoadSpec fields; problems are reported by flag name, all at once.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Argv } from 'yargs';
import {
  DEFAULT_LOAD_SPEC,
  DEFAULT_RETRY_POLICY,
  LoadSpecError,
  OPEN_RATE_PER_WORKER,
  parseDistribution,
  parseDurationS,
  parseStages,
  startLoad,
  validateLoadSpec,
  type KeyDistribution,
  type LoadBucket,
  type LoadResult,
  type LoadSpec,
  type LoadSpecInput,
  type RateStage,
} from '@stampede/loadgen';
import { ExitCode } from '../exit-codes.js';
import { writeFileAtomic } from '../report/write-file-atomic.js';
import { wantsProgress, type CommandIo, type StampedeCommand } from './command.js';

export interface LoadArgs {
  url: string;
  rate?: number;
  duration?: string;
  keys?: number;
  dist?: string;
  workers?: number;
  connections?: number;
  pipelining?: number;
  'timeout-ms'?: number;
  'max-in-flight'?: number;
  model?: string;
  arrival?: string;
  stages?: string;
  'start-rate'?: number;
  'interval-ms'?: number;
  'cache-header'?: string;
  seed?: number;
  'retry-attempts'?: number;
  'retry-on'?: string;
  'retry-backoff'?: string;
  'retry-base-ms'?: number;
  'retry-max-ms'?: number;
  'retry-jitter'?: string;
  'retry-budget'?: number;
  method?: string;
  header?: string[];
  'allow-remote'?: boolean;
  out?: string;
  json?: boolean;
}

/** Spec field -> the flag that sets it, so problems read in the user's terms. */
const FLAG_FOR: Readonly<Record<string, string>> = {
  url: '--url',
  ratePerS: '--rate',
  durationS: '--duration',
  keys: '--keys',
  distribution: '--dist',
  workers: '--workers',
  connections: '--connections',
  pipelining: '--pipelining',
  timeoutMs: '--timeout-ms',
  maxInFlight: '--max-in-flight',
  model: '--model',
  arrival: '--arrival',
  stages: '--stages',
  startRatePerS: '--start-rate',
  intervalMs: '--interval-ms',
  cacheHeader: '--cache-header',
  seed: '--seed',
  method: '--method',
  headers: '--header',
  allowRemote: '--allow-remote',
};

/**
 * Field names that never occur as plain words in a problem, so they can be replaced wherever they appear; other
 * fields (url, keys, model, ...) are plain words and are replaced only as the subject that starts a problem.
 */
const ANYWHERE = Object.keys(FLAG_FOR).filter((f) => /[A-Z]/.test(f) || f === 'stages');
const ANYWHERE_PATTERN = new RegExp(`(?<![\\w.\\[-])(${ANYWHERE.join('|')})(?![\\w\\[])`, 'g');
const SUBJECT_PATTERN = /^([A-Za-z]+)(?=[\s.[])/;

/** Retry policy fields -> their flags (`retry.maxAttempts` -> `--retry-attempts`). */
const RETRY_FLAG_FOR: Readonly<Record<string, string>> = {
  maxAttempts: '--retry-attempts',
  on: '--retry-on',
  backoff: '--retry-backoff',
  baseMs: '--retry-base-ms',
  maxMs: '--retry-max-ms',
  jitter: '--retry-jitter',
  'budget.ratio': '--retry-budget',
};
const RETRY_PATTERN = /retry\.(budget\.ratio|[A-Za-z]+)/g;

/** Rewrites a spec problem ("ratePerS must be > 0 (got -5)") in flag terms ("--rate must be > 0 (got -5)"). */
export function toFlagProblem(problem: string): string {
  return problem
    .replace(RETRY_PATTERN, (path, field: string) => RETRY_FLAG_FOR[field] ?? path)
    .replace(SUBJECT_PATTERN, (field) => FLAG_FOR[field] ?? field)
    .replace(ANYWHERE_PATTERN, (field) => FLAG_FOR[field] ?? field);
}

/**
 * Parsed flags -> validated LoadSpec.
 * @throws LoadSpecError (exit 2) naming every bad flag at once, or RemoteTargetError (exit 2)
 */
export function loadSpecFromArgs(args: LoadArgs): LoadSpec {
  const problems: string[] = [];
  // a flag that fails to parse is replaced by a harmless value, so that validation still reports the others
  const parsed = <T>(parse: () => T, fallback: T): T => {
    try {
      return parse();
    } catch (err) {
      if (!(err instanceof LoadSpecError)) throw err;
      problems.push(...err.problems);
      return fallback;
    }
  };
  const durationS =
    args.duration === undefined ? undefined : parsed(() => parseDurationS(args.duration as string, '--duration'), 1);
  const distribution: KeyDistribution | undefined =
    args.dist === undefined
      ? undefined
      : parsed<KeyDistribution>(() => parseDistribution(args.dist as string, '--dist'), { kind: 'uniform' });
  const stages: RateStage[] | undefined =
    args.stages === undefined
      ? undefined
      : parsed(() => parseStages(args.stages as string, '--stages'), [{ durationS: 1, targetRatePerS: 1 }]);
  const headers = args.header === undefined ? undefined : parsed(() => parseHeaders(args.header as string[]), {});
  const retry = retryFromArgs(args);

  const input: Record<string, unknown> = {
    url: args.url,
    model: args.model,
    arrival: args.arrival,
    ratePerS: args.rate,
    stages,
    startRatePerS: args['start-rate'],
    durationS,
    workers: args.workers,
    connections: args.connections,
    pipelining: args.pipelining,
    timeoutMs: args['timeout-ms'],
    maxInFlight: args['max-in-flight'],
    keys: args.keys,
    distribution,
    seed: args.seed,
    intervalMs: args['interval-ms'],
    cacheHeader: args['cache-header'],
    method: args.method === undefined ? undefined : args.method.toUpperCase(),
    headers,
    allowRemote: args['allow-remote'],
    retry,
  };
  for (const key of Object.keys(input)) if (input[key] === undefined) delete input[key];
  let spec: LoadSpec | undefined;
  try {
    spec = validateLoadSpec(input);
  } catch (err) {
    // a RemoteTargetError stands on its own unless flags are already wrong
    if (!(err instanceof LoadSpecError) && problems.length === 0) throw err;
    if (err instanceof LoadSpecError) problems.push(...err.problems.map(toFlagProblem));
  }
  if (problems.length > 0 || spec === undefined) throw new LoadSpecError(problems);
  return spec;
}

/** The --retry-* flags -> a retry policy input (validated with the spec); undefined when none is given. */
function retryFromArgs(args: LoadArgs): Record<string, unknown> | undefined {
  const retry: Record<string, unknown> = {
    maxAttempts: args['retry-attempts'],
    on: args['retry-on']?.split(',').map((o) => o.trim()).filter((o) => o !== ''),
    backoff: args['retry-backoff'],
    baseMs: args['retry-base-ms'],
    maxMs: args['retry-max-ms'],
    jitter: args['retry-jitter'],
    budget: args['retry-budget'] === undefined ? undefined : { ratio: args['retry-budget'] },
  };
  for (const key of Object.keys(retry)) if (retry[key] === undefined) delete retry[key];
  return Object.keys(retry).length > 0 ? retry : undefined;
}

/** `--header "name: value"` (repeatable) -> headers record. */
function parseHeaders(list: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  const problems: string[] = [];
  for (const item of list) {
    const at = item.indexOf(':');
    if (at <= 0) problems.push(`--header must be "name: value" (got ${JSON.stringify(item)})`);
    else headers[item.slice(0, at).trim()] = item.slice(at + 1).trim();
  }
  if (problems.length > 0) throw new LoadSpecError(problems);
  return headers;
}

const fmt = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : String(n));
const ms = (n: number): string => (n >= 100 ? fmt(n, 0) : n >= 10 ? fmt(n, 1) : fmt(n, 2));

/** (hit + stale) / responses with a known cache outcome, as a percentage; undefined when none is known. */
function hitPercent(cache: LoadBucket['cache']): number | undefined {
  const known = cache.hit + cache.miss + cache.stale + cache.pass;
  return known === 0 ? undefined : ((cache.hit + cache.stale) / known) * 100;
}

/** One progress line for one interval: elapsed, sent/s, responses/s, 503/s, p50/p99, hit %, dropped. */
export function formatProgressLine(bucket: LoadBucket, t0: number, intervalMs: number): string {
  const perS = 1000 / intervalMs;
  const elapsedS = (bucket.t + intervalMs - t0) / 1000;
  const hit = hitPercent(bucket.cache);
  return [
    `${fmt(elapsedS, 1).padStart(6)}s`,
    `sent ${fmt(bucket.sent * perS, 0)}/s`,
    `resp ${fmt(bucket.responses * perS, 0)}/s`,
    `503 ${fmt(bucket.status['503'] * perS, 0)}/s`,
    `p50 ${ms(bucket.latencyMs.p50)} ms`,
    `p99 ${ms(bucket.latencyMs.p99)} ms`,
    `hit ${hit === undefined ? '-' : `${fmt(hit, 1)}%`}`,
    `dropped ${bucket.dropped}`,
    ...(bucket.status.timeout + bucket.status.connError > 0
      ? [`errors ${bucket.status.timeout} timeout, ${bucket.status.connError} conn`]
      : []),
  ].join('  ');
}

/** The human summary printed at the end of a run. */
export function formatSummary(result: LoadResult): string {
  const { spec, summary: s } = result;
  const target =
    spec.model === 'closed'
      ? `closed, ${spec.connections} connections x ${spec.pipelining}`
      : spec.stages.length > 0
        ? `open, ${spec.arrival}, ${spec.stages.length} stages up to ${spec.ratePerS}/s`
        : `open, ${spec.arrival}, ${spec.ratePerS}/s target`;
  const ranS = Math.max(0, ((result.stoppedEarly ? result.endedAt : result.t0 + spec.durationS * 1000) - result.t0) / 1000);
  const hit = hitPercent(s.cache);
  const lat = (l: LoadResult['summary']['latencyMs']) =>
    `p50 ${ms(l.p50)}  p90 ${ms(l.p90)}  p99 ${ms(l.p99)}  p99.9 ${ms(l.p999)}  max ${ms(l.max)} ms`;
  const lines = [
    `stampede load ${spec.url} (${target}, ${spec.workers} worker(s))${result.stoppedEarly ? ' — stopped early' : ''}`,
    `  requests ${s.requests} over ${fmt(Math.min(ranS, spec.durationS), 1)} s: sent ${s.sent}, responses ${s.responses}, ` +
      `dropped ${s.dropped}, timeout ${s.status.timeout}, connError ${s.status.connError}; ` +
      `achieved ${fmt(s.achievedRatePerS, 1)}/s`,
    `  status   2xx ${s.status['2xx']}  4xx ${s.status['4xx']}  503 ${s.status['503']}  5xx ${s.status['5xx']}` +
      `   (503 rate ${fmt(s.rate503 * 100, 2)}%, peak ${fmt(s.peak503PerSec, 0)}/s)`,
    `  cache    hit ${s.cache.hit}  miss ${s.cache.miss}  stale ${s.cache.stale}  pass ${s.cache.pass}  unknown ${s.cache.unknown}` +
      `   (hit ratio ${hit === undefined ? '-' : `${fmt(hit, 1)}%`})`,
    `  latency  ${lat(s.latencyMs)}   (from intended send time)`,
    `  service  ${lat(s.serviceTimeMs)}   (from actual send)`,
    s.generator.saturated
      ? `  generator SATURATED: ${s.generator.reason ?? 'unknown reason'} — latency includes the generator's own delay`
      : `  generator ok: schedule lag p99 ${ms(s.generator.scheduleLagP99Ms)} ms, max ${ms(s.generator.scheduleLagMaxMs)} ms`,
  ];
  if (s.retry) {
    const r = s.retry;
    lines.push(
      `  retries  ${r.attempts} attempts for ${r.logical} requests (${fmt(r.amplification, 2)}x): ${r.retries} retries, ` +
        `${r.budgetDenied} denied by the budget, ${r.gaveUp} gave up   (status and cache count attempts)`,
    );
  }
  for (const error of result.errors ?? []) lines.push(`  error: ${error}`);
  return `${lines.join('\n')}\n`;
}

const d = DEFAULT_LOAD_SPEC;

export const loadCommand: StampedeCommand<LoadArgs> = {
  command: 'load',
  describe: 'Run the load generator alone against a URL (open model by default)',
  builder: (y: Argv) =>
    y
      .usage(
        '$0 load --url URL --rate N --duration D [options]\n\n' +
          'Open-model load: request i is intended at t0 + i/rate and its latency runs from that moment, so a slow ' +
          'server cannot slow the generator down (no coordinated omission). {key} in the URL is replaced by a key ' +
          'drawn from --dist over --keys keys (k1 is the hottest).',
      )
      .options({
        url: {
          type: 'string',
          demandOption: true,
          describe: 'target URL, http(s); {key} is replaced per request, e.g. http://127.0.0.1:8080/items/{key}',
        },
        rate: { type: 'number', describe: 'open model: requests per second over all workers (required unless --stages)' },
        duration: {
          type: 'string',
          describe: 'run length: 500ms, 30s, 2m, 1h or plain seconds (required unless --stages)',
        },
        model: {
          type: 'string',
          choices: ['open', 'closed'],
          describe: `open: arrivals on a schedule; closed: each connection sends its next request when the reply arrives [default: ${d.model}]`,
        },
        arrival: {
          type: 'string',
          choices: ['constant', 'poisson'],
          describe: `open model: evenly spaced or Poisson (seeded) arrivals [default: ${d.arrival}]`,
        },
        stages: {
          type: 'string',
          describe: 'open model ramps, k6-style DURATION:TARGET_RATE list, e.g. "10s:100,20s:1000,10s:0" (replaces --rate/--duration)',
        },
        'start-rate': {
          type: 'number',
          describe: `with --stages: the rate the first stage ramps from [default: ${d.startRatePerS}]`,
        },
        keys: { type: 'number', describe: `number of distinct keys substituted for {key} [default: ${d.keys}]` },
        dist: {
          type: 'string',
          describe: 'key popularity: uniform | zipf:S | hotset:HOT_FRACTION:HOT_TRAFFIC (e.g. hotset:0.1:0.9) [default: zipf:1.1]',
        },
        workers: {
          type: 'number',
          describe:
            `worker threads, each with its own connection pool [default: open model, one per ${OPEN_RATE_PER_WORKER}/s of peak rate; ` +
            'closed model, CPU cores; at most the cores and --connections]',
        },
        connections: {
          type: 'number',
          describe: `total connections, split evenly over the workers (at least one each) [default: ${d.connections}]`,
        },
        pipelining: { type: 'number', describe: `HTTP/1.1 requests in flight per connection [default: ${d.pipelining}]` },
        'timeout-ms': {
          type: 'number',
          describe: `per-request timeout (ms, from when the request is written); counted as timeout [default: ${d.timeoutMs}]`,
        },
        'max-in-flight': {
          type: 'number',
          describe: `per worker: requests due while this many are outstanding are counted as dropped [default: ${d.maxInFlight}]`,
        },
        'interval-ms': { type: 'number', describe: `bucket width for the time series (100-10000 ms) [default: ${d.intervalMs}]` },
        'cache-header': {
          type: 'string',
          describe: `response header holding the cache outcome (HIT, MISS, STALE, ...) [default: ${d.cacheHeader}]`,
        },
        seed: { type: 'number', describe: `seed for key choices, Poisson arrivals and retry jitter [default: ${d.seed}]` },
        'retry-attempts': {
          type: 'number',
          describe: `client retries: attempts per request, the first included; any --retry-* flag turns retries on [default: no retries; with retries ${DEFAULT_RETRY_POLICY.maxAttempts}]`,
        },
        'retry-on': {
          type: 'string',
          describe: `outcomes retried, comma-separated: 503, 5xx (other than 503), timeout, connError [default: ${DEFAULT_RETRY_POLICY.on.join(',')}]`,
        },
        'retry-backoff': { type: 'string', choices: ['constant', 'exponential'], describe: `delay between attempts [default: ${DEFAULT_RETRY_POLICY.backoff}, x${DEFAULT_RETRY_POLICY.multiplier}]` },
        'retry-base-ms': { type: 'number', describe: `delay before the first retry (ms) [default: ${DEFAULT_RETRY_POLICY.baseMs}]` },
        'retry-max-ms': { type: 'number', describe: `cap on the delay (ms) [default: ${DEFAULT_RETRY_POLICY.maxMs}]` },
        'retry-jitter': { type: 'string', choices: ['none', 'full', 'equal'], describe: `randomise the delay: full = [0, d), equal = [d/2, d) [default: ${DEFAULT_RETRY_POLICY.jitter}]` },
        'retry-budget': { type: 'number', describe: 'retry at most this fraction of requests (over the last 10 s), e.g. 0.1 [default: no budget]' },
        method: { type: 'string', choices: ['GET', 'HEAD', 'get', 'head'], describe: `HTTP method [default: ${d.method}]` },
        header: { type: 'string', array: true, describe: 'extra request header "name: value" (repeatable)' },
        'allow-remote': {
          type: 'boolean',
          describe: 'allow a non-loopback target (only hosts you are allowed to load) [default: false]',
        },
        out: { type: 'string', describe: 'write the result (LoadResult JSON) to this file, atomically' },
        json: { type: 'boolean', default: false, describe: 'print the result as JSON on stdout and nothing else (no progress)' },
      }) as unknown as Argv<LoadArgs>,
  handler: async (args: LoadArgs, io: CommandIo): Promise<number> => {
    const spec = loadSpecFromArgs(args);
    const json = args.json === true;
    const progress = wantsProgress(io, json);
    const run = startLoad(spec as LoadSpecInput);
    let t0 = Number.NaN;
    run.on('started', (e) => {
      t0 = e.t0;
      if (progress) io.stderr.write(`load: ${spec.url} from ${new Date(e.t0).toISOString()}, Ctrl-C to stop\n`);
    });
    run.on('bucket', (bucket) => {
      if (progress) io.stderr.write(`${formatProgressLine(bucket, t0, spec.intervalMs)}\n`);
    });
    run.on('error', (error) => io.stderr.write(`stampede load: ${error.message}\n`));
    const onAbort = (): void => run.stop();
    if (io.signal.aborted) run.stop();
    else io.signal.addEventListener('abort', onAbort, { once: true });
    let result: LoadResult;
    try {
      result = await run.done;
    } finally {
      io.signal.removeEventListener('abort', onAbort);
      await run.close();
    }
    const text = `${JSON.stringify(result)}\n`;
    if (args.out !== undefined) {
      const out = resolve(args.out);
      await mkdir(dirname(out), { recursive: true });
      await writeFileAtomic(out, text);
    }
    if (json) io.stdout.write(text);
    else {
      io.stdout.write(formatSummary(result));
      if (args.out !== undefined) io.stdout.write(`  wrote ${args.out}\n`);
    }
    return io.signal.aborted ? ExitCode.interrupted : ExitCode.pass;
  },
};
