/**
 * Shard results from files: a shard-<i>.json the controller wrote (or a shard's STAMPEDE_RESULT_FILE), or any text
 * holding `STAMPEDE_SHARD_RESULT {...}` lines — a shard's stdout, or `kubectl logs` of a whole Job (several lines,
 * with or without kubectl's `--prefix`). Checked loosely (the record grows additively) and named by file on error.
 */
import { z } from 'zod';
import { formatIssues } from '@stampede/validation';
import { ReportFileError } from '../record/report-file-error.js';
import { SHARD_RESULT_LINE } from './shard-env.js';
import { SHARD_RESULT_SCHEMA, type ShardResult } from './shard-protocol.js';

const count = z.number().int().nonnegative();
const shardResultSchema = z.looseObject({
  schema: z.literal(SHARD_RESULT_SCHEMA),
  runId: z.string(),
  index: count,
  shards: z.number().int().positive(),
  clockOffsetMs: z.number(),
  rttMs: z.number(),
  result: z.looseObject({
    spec: z.looseObject({ intervalMs: z.number().positive(), workers: count, connections: count }),
    t0: z.number(),
    endedAt: z.number(),
    stoppedEarly: z.boolean(),
    summary: z.looseObject({ requests: count, dropped: count, responses: count, achievedRatePerS: z.number(), generator: z.looseObject({ saturated: z.boolean() }) }),
    series: z.array(z.looseObject({ t: z.number(), histogram: z.string() })),
    histograms: z.looseObject({ all: z.string(), serviceTime: z.string(), scheduleLag: z.string() }),
  }),
  partial: z.looseObject({ state: z.enum(['died', 'failed']), reason: z.string() }).optional(),
});

/** Every shard result in `text` (one JSON document, or result lines); `file` names it in errors. */
export function parseShardResults(text: string, file: string): ShardResult[] {
  const trimmed = text.trimStart();
  const documents: { where: string; json: string }[] = [];
  if (trimmed.startsWith('{')) documents.push({ where: file, json: trimmed });
  else {
    text.split('\n').forEach((line, i) => {
      const at = line.indexOf(SHARD_RESULT_LINE);
      if (at >= 0) documents.push({ where: `${file}:${i + 1}`, json: line.slice(at + SHARD_RESULT_LINE.length) });
    });
  }
  if (documents.length === 0) {
    throw new ReportFileError('STAMPEDE_SPEC', file, `holds no shard result (a shard-<i>.json, or lines starting "${SHARD_RESULT_LINE.trim()}")`);
  }
  return documents.map(({ where, json }) => {
    let data: unknown;
    try {
      data = JSON.parse(json);
    } catch (err) {
      throw new ReportFileError('STAMPEDE_SPEC', where, `not valid JSON (${(err as Error).message})`, [], { cause: err });
    }
    const parsed = shardResultSchema.safeParse(data);
    if (!parsed.success) {
      throw new ReportFileError(
        'STAMPEDE_SPEC',
        where,
        `not a ${SHARD_RESULT_SCHEMA} document`,
        formatIssues(parsed.error.issues, data, { rootName: 'result' }).map((p) => p.message),
      );
    }
    return parsed.data as unknown as ShardResult;
  });
}
