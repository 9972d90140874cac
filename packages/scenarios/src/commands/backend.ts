/**
 * `stampede backend`: the fake origin alone, until SIGINT/SIGTERM. With --json it prints exactly one line,
 * `{"url":...,"adminUrl":...}`, once both servers listen (for scripts); otherwise a human line.
 * Flags map one to one onto BackendOptions; problems are reported by flag name, all at once.
 */
import type { Argv } from 'yargs';
import {
  BackendOptionsError,
  backendDefaults,
  startBackend,
  validateBackendOptions,
  type BackendOptionProblem,
  type BackendOptions,
  type ServiceTimeModel,
} from '@stampede/fake-backend';
import { ExitCode } from '../exit-codes.js';
import type { CommandIo, StampedeCommand } from './command.js';

export interface BackendArgs {
  host: string;
  port: number;
  'admin-port': number;
  'allow-remote': boolean;
  concurrency: number;
  queue: number;
  'queue-timeout-ms': number;
  'retry-after': number;
  'service-time': string;
  contention: number;
  ttl: number;
  swr: number;
  'ttl-jitter': number;
  'body-bytes': number;
  seed: number;
  'interval-ms': number;
  'serve-abandoned': boolean;
  json: boolean;
}

const SERVICE_TIME_FORMS = 'constant:MS, exp:MEAN_MS or lognormal:P50_MS:P99_MS';

/** `constant:20` | `exp:20` (or `exponential:20`) | `lognormal:20:80` -> ServiceTimeModel; ranges are checked later. */
export function parseServiceTime(text: string): ServiceTimeModel {
  const [kind, ...rest] = text.trim().split(':');
  const nums = rest.map((s) => (s.trim() === '' ? Number.NaN : Number(s)));
  const ok = (n: number) => nums.length === n && nums.every(Number.isFinite);
  if (kind === 'constant' && ok(1)) return { kind: 'constant', ms: nums[0]! };
  if ((kind === 'exp' || kind === 'exponential') && ok(1)) return { kind: 'exponential', meanMs: nums[0]! };
  if (kind === 'lognormal' && ok(2)) return { kind: 'lognormal', p50Ms: nums[0]!, p99Ms: nums[1]! };
  throw new BackendOptionsError(
    [{ path: '--service-time', message: `--service-time must be ${SERVICE_TIME_FORMS}, e.g. lognormal:20:80 (got ${JSON.stringify(text)})` }],
    'command-line options',
  );
}

/** The inverse of parseServiceTime, for defaults in --help and the startup line. */
export function formatServiceTime(model: ServiceTimeModel): string {
  switch (model.kind) {
    case 'constant':
      return `constant:${model.ms}`;
    case 'exponential':
      return `exp:${model.meanMs}`;
    case 'lognormal':
      return `lognormal:${model.p50Ms}:${model.p99Ms}`;
  }
}

/** Option field -> the flag that sets it, so validation problems read in the user's terms. */
const flagFor: Partial<Record<keyof BackendOptions, string>> = {
  host: '--host',
  port: '--port',
  adminPort: '--admin-port',
  allowRemote: '--allow-remote',
  concurrency: '--concurrency',
  queue: '--queue',
  queueTimeoutMs: '--queue-timeout-ms',
  serveAbandoned: '--serve-abandoned',
  retryAfterS: '--retry-after',
  serviceTime: '--service-time',
  contention: '--contention',
  ttlS: '--ttl',
  staleWhileRevalidateS: '--swr',
  ttlJitterPct: '--ttl-jitter',
  bodyBytes: '--body-bytes',
  seed: '--seed',
  intervalMs: '--interval-ms',
};

function toFlagProblem(p: BackendOptionProblem, serviceTimeText: string): BackendOptionProblem {
  const field = p.path.split('.')[0] as keyof BackendOptions;
  const flag = flagFor[field] ?? p.path;
  if (field === 'serviceTime') {
    return { path: flag, message: `${flag} ${JSON.stringify(serviceTimeText)}: ${p.message}` };
  }
  const message = p.message.startsWith(p.path) ? `${flag}${p.message.slice(p.path.length)}` : p.message;
  return { path: flag, message: message.replace('unless allowRemote is true', 'unless --allow-remote is given') };
}

/**
 * Parsed flags -> validated BackendOptions.
 * @throws BackendOptionsError (exit 2) naming every bad flag at once
 */
export function backendOptionsFromArgs(args: BackendArgs): BackendOptions {
  const problems: BackendOptionProblem[] = [];
  let serviceTime: ServiceTimeModel = backendDefaults.serviceTime;
  try {
    serviceTime = parseServiceTime(args['service-time']);
  } catch (err) {
    if (!(err instanceof BackendOptionsError)) throw err;
    problems.push(...err.problems);
  }
  let options: BackendOptions | undefined;
  try {
    options = validateBackendOptions({
      host: args.host,
      port: args.port,
      adminPort: args['admin-port'],
      allowRemote: args['allow-remote'],
      concurrency: args.concurrency,
      queue: args.queue,
      queueTimeoutMs: args['queue-timeout-ms'],
      retryAfterS: args['retry-after'],
      serviceTime,
      contention: args.contention,
      ttlS: args.ttl,
      staleWhileRevalidateS: args.swr,
      ttlJitterPct: args['ttl-jitter'],
      bodyBytes: args['body-bytes'],
      seed: args.seed,
      intervalMs: args['interval-ms'],
      serveAbandoned: args['serve-abandoned'],
    });
  } catch (err) {
    if (!(err instanceof BackendOptionsError)) throw err;
    problems.push(...err.problems.map((p) => toFlagProblem(p, args['service-time'])));
  }
  if (problems.length > 0 || options === undefined) throw new BackendOptionsError(problems, 'command-line options');
  return options;
}

function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

const d = backendDefaults;

export const backendCommand: StampedeCommand<BackendArgs> = {
  command: 'backend',
  describe: 'Run the capacity-limited fake origin alone (until Ctrl-C)',
  builder: (y: Argv) =>
    y
      .usage('$0 backend [options]\n\nRun the fake origin: service slots, a bounded FIFO queue, 503 when full.')
      .options({
        host: { type: 'string', default: d.host, describe: 'address to bind the origin to (loopback unless --allow-remote)' },
        port: { type: 'number', default: d.port, describe: 'origin port (0 = any free port)' },
        'admin-port': { type: 'number', default: d.adminPort, describe: 'admin API port, always on loopback (0 = any free port)' },
        'allow-remote': { type: 'boolean', default: d.allowRemote, describe: 'allow a non-loopback --host' },
        concurrency: { type: 'number', default: d.concurrency, describe: 'service slots: requests served at once' },
        queue: { type: 'number', default: d.queue, describe: 'FIFO waiting room size; a request finding it full gets 503' },
        'queue-timeout-ms': { type: 'number', default: d.queueTimeoutMs, describe: 'a request waiting longer gets 503' },
        'serve-abandoned': {
          type: 'boolean',
          default: d.serveAbandoned,
          describe: 'serve a queued request whose client has gone (as a thread pool or database does): wasted work',
        },
        'retry-after': { type: 'number', default: d.retryAfterS, describe: 'Retry-After seconds on 503' },
        'service-time': {
          type: 'string',
          default: formatServiceTime(d.serviceTime),
          describe: `service time model: ${SERVICE_TIME_FORMS} (ms)`,
        },
        contention: {
          type: 'number',
          default: d.contention,
          describe: 'slowdown under load: service time x (1 + contention x inflight / concurrency)',
        },
        ttl: { type: 'number', default: d.ttlS, describe: 'Cache-Control max-age (s)' },
        swr: { type: 'number', default: d.staleWhileRevalidateS, describe: 'stale-while-revalidate (s); 0 = not sent' },
        'ttl-jitter': { type: 'number', default: d.ttlJitterPct, describe: 'max-age jitter per response, +/- percent' },
        'body-bytes': { type: 'number', default: d.bodyBytes, describe: 'item body size (bytes)' },
        seed: { type: 'number', default: d.seed, describe: 'seed for service times and TTL jitter' },
        'interval-ms': { type: 'number', default: d.intervalMs, describe: 'stats bucket width (ms, 100-10000)' },
        json: { type: 'boolean', default: false, describe: 'print one JSON line {"url","adminUrl"} when ready, nothing else' },
      }) as unknown as Argv<BackendArgs>,
  handler: async (args: BackendArgs, io: CommandIo): Promise<number> => {
    const options = backendOptionsFromArgs(args);
    const backend = await startBackend(options);
    try {
      if (args.json) {
        io.stdout.write(`${JSON.stringify({ url: backend.url, adminUrl: backend.adminUrl })}\n`);
      } else {
        io.stdout.write(
          `fake origin on ${backend.url} (admin ${backend.adminUrl}): ${options.concurrency} slots, queue ` +
            `${options.queue}, service ${formatServiceTime(options.serviceTime)} ms, max-age ${options.ttlS} s. ` +
            'Ctrl-C to stop.\n',
        );
      }
      await untilAborted(io.signal);
    } finally {
      await backend.close();
    }
    if (!args.json) {
      const t = backend.stats().totals;
      io.stdout.write(
        `stopped: ${t.arrivals} arrivals, ${t.served} served, ${t.rejected503} rejected (503), ` +
          `peak in-flight ${t.maxInflight}, peak queue ${t.maxQueue}\n`,
      );
    }
    return ExitCode.pass;
  },
};
