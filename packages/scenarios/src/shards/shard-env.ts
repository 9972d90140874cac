/**
 * The shard contract: everything a shard process needs comes from its environment, the way a Kubernetes Indexed
 * Job hands it out (every pod gets the same template; only JOB_COMPLETION_INDEX differs). The local engine sets
 * the same variables, with STAMPEDE_SHARD_INDEX for the index.
 *
 * A shard reads the load at the full rate and takes its own share (shard-share.ts), so one manifest serves all
 * shards.
 */
import { z } from 'zod';
import type { LoadSpecInput } from '@stampede/loadgen';
import { ShardEnvError } from './shard-errors.js';

/** The variables of the contract (documented in packages/scenarios/src/shards/README.md). */
export const SHARD_ENV = {
  /** the shard's index, 0..shards-1 (the local engine); Kubernetes sets JOB_COMPLETION_INDEX instead */
  index: 'STAMPEDE_SHARD_INDEX',
  /** the index as an Indexed Job sets it */
  jobCompletionIndex: 'JOB_COMPLETION_INDEX',
  /** how many shards share the load */
  shards: 'STAMPEDE_SHARDS',
  /** the run this shard belongs to (the controller refuses results of another run) */
  runId: 'STAMPEDE_RUN_ID',
  /** JSON: the load generator's input at the FULL rate, aimed at the cache the shards can reach */
  load: 'STAMPEDE_SHARD_LOAD',
  /** where the controller listens (http://host:port): barrier, clock sync, buckets, the result */
  controllerUrl: 'STAMPEDE_CONTROLLER_URL',
  /** without a controller: the common start instant, epoch ms (the shards' own clocks are trusted) */
  startAt: 'STAMPEDE_START_AT',
  /** also write the result to this file (besides the final `STAMPEDE_SHARD_RESULT {...}` log line) */
  resultFile: 'STAMPEDE_RESULT_FILE',
  /** "1": the load may target a non-loopback host (a cache inside the cluster) */
  allowRemote: 'STAMPEDE_ALLOW_REMOTE',
  /** fault injection for stampede's own tests (ERRORS.md): `ms` (every shard) or `index:ms` (that shard's clock runs off by ms) */
  injectClockSkewMs: 'STAMPEDE_INJECT_CLOCK_SKEW_MS',
  /** fault injection for stampede's own tests (ERRORS.md): `index:seconds` — that shard SIGKILLs itself seconds after t0 */
  injectKill: 'STAMPEDE_INJECT_SHARD_KILL',
} as const;

/** The prefix of the shard's last stdout line, which carries its result as JSON (for `kubectl logs` / merge). */
export const SHARD_RESULT_LINE = 'STAMPEDE_SHARD_RESULT ';

export interface ShardEnv {
  index: number;
  shards: number;
  runId: string;
  /** at the full rate; the shard takes its share */
  load: LoadSpecInput;
  controllerUrl?: string;
  startAt?: number;
  resultFile?: string;
  allowRemote: boolean;
  /** fault injection: this shard's clock skew, ms (0 in real use) */
  injectClockSkewMs: number;
  /** fault injection: seconds after t0 this shard kills itself (undefined in real use) */
  injectKillAfterS?: number;
}

/** The variables every shard of a run shares (the index is the engine's to set). */
export function shardEnvVars(common: Omit<ShardEnv, 'index' | 'injectClockSkewMs' | 'injectKillAfterS' | 'allowRemote'> & { allowRemote?: boolean }): Record<string, string> {
  const vars: Record<string, string> = {
    [SHARD_ENV.shards]: String(common.shards),
    [SHARD_ENV.runId]: common.runId,
    [SHARD_ENV.load]: JSON.stringify(common.load),
  };
  if (common.controllerUrl !== undefined) vars[SHARD_ENV.controllerUrl] = common.controllerUrl;
  if (common.startAt !== undefined) vars[SHARD_ENV.startAt] = String(common.startAt);
  if (common.resultFile !== undefined) vars[SHARD_ENV.resultFile] = common.resultFile;
  if (common.allowRemote) vars[SHARD_ENV.allowRemote] = '1';
  return vars;
}

const intString = (what: string) =>
  z
    .string({ error: `${what} is not set` })
    .regex(/^\d+$/, { error: `${what} must be a whole number` })
    .transform(Number);

const envSchema = z
  .object({
    index: intString(`${SHARD_ENV.index} (or ${SHARD_ENV.jobCompletionIndex})`),
    shards: intString(SHARD_ENV.shards).pipe(z.number().min(1).max(1024)),
    runId: z.string({ error: `${SHARD_ENV.runId} is not set` }).min(1),
    load: z.string({ error: `${SHARD_ENV.load} is not set` }).transform((text, ctx) => {
      try {
        const value: unknown = JSON.parse(text);
        if (typeof value === 'object' && value !== null && typeof (value as { url?: unknown }).url === 'string') return value as LoadSpecInput;
        ctx.addIssue({ code: 'custom', message: `${SHARD_ENV.load} must be a JSON object with a "url"` });
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `${SHARD_ENV.load} is not JSON: ${(err as Error).message}` });
      }
      return z.NEVER;
    }),
    controllerUrl: z.url({ protocol: /^https?$/, error: `${SHARD_ENV.controllerUrl} must be an http:// URL` }).optional(),
    startAt: z.string().regex(/^\d+(\.\d+)?$/, { error: `${SHARD_ENV.startAt} must be epoch milliseconds` }).transform(Number).optional(),
    resultFile: z.string().min(1).optional(),
    allowRemote: z.literal(['1', 'true']).optional(),
    injectClockSkewMs: z.string().regex(/^(\d+:)?-?\d+(\.\d+)?$/, { error: 'must be ms or index:ms' }).optional(),
    injectKill: z.string().regex(/^\d+:\d+(\.\d+)?$/, { error: 'must be index:seconds' }).optional(),
  })
  .refine((e) => e.index < e.shards, { error: `the shard index must be below ${SHARD_ENV.shards}`, path: ['index'] })
  .refine((e) => e.controllerUrl !== undefined || e.startAt !== undefined, {
    error: `set ${SHARD_ENV.controllerUrl} (the controller runs the barrier) or ${SHARD_ENV.startAt} (a common start instant)`,
    path: ['controllerUrl'],
  });

/** Reads and checks the contract; throws ShardEnvError naming every variable that is missing or wrong. */
export function readShardEnv(env: NodeJS.ProcessEnv = process.env): ShardEnv {
  const raw = {
    index: env[SHARD_ENV.index] ?? env[SHARD_ENV.jobCompletionIndex],
    shards: env[SHARD_ENV.shards],
    runId: env[SHARD_ENV.runId],
    load: env[SHARD_ENV.load],
    controllerUrl: env[SHARD_ENV.controllerUrl] || undefined,
    startAt: env[SHARD_ENV.startAt] || undefined,
    resultFile: env[SHARD_ENV.resultFile] || undefined,
    allowRemote: env[SHARD_ENV.allowRemote] || undefined,
    injectClockSkewMs: env[SHARD_ENV.injectClockSkewMs] || undefined,
    injectKill: env[SHARD_ENV.injectKill] || undefined,
  };
  const parsed = envSchema.safeParse(raw);
  // every message names its variable already (the schema's own words), so they are joined as they are
  if (!parsed.success) throw new ShardEnvError(`shard environment: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  const e = parsed.data;
  return {
    index: e.index,
    shards: e.shards,
    runId: e.runId,
    load: e.load,
    ...(e.controllerUrl !== undefined ? { controllerUrl: e.controllerUrl } : {}),
    ...(e.startAt !== undefined ? { startAt: e.startAt } : {}),
    ...(e.resultFile !== undefined ? { resultFile: e.resultFile } : {}),
    allowRemote: e.allowRemote !== undefined,
    injectClockSkewMs: forIndex(e.injectClockSkewMs, e.index) ?? 0,
    ...(forIndex(e.injectKill, e.index) !== undefined ? { injectKillAfterS: forIndex(e.injectKill, e.index) } : {}),
  };
}

/** `value` (every shard) or `index:value` (that shard only), as a number for shard `index`. */
function forIndex(spec: string | undefined, index: number): number | undefined {
  if (spec === undefined) return undefined;
  const colon = spec.indexOf(':');
  if (colon < 0) return Number(spec);
  return Number(spec.slice(0, colon)) === index ? Number(spec.slice(colon + 1)) : undefined;
}
