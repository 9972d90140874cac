import type { LoadBucket } from '@stampede/loadgen';
import type { ReportEvent } from '../record/report.js';

export type RunPhase = 'origin' | 'cache' | 'warmup' | 'load' | 'analysis';
/** where a run was when it was interrupted: the engine's phases, and 'report' (the caller writing the files) */
export type InterruptPhase = RunPhase | 'report';

export type OrchestratorEvent =
  | { type: 'phase'; phase: RunPhase; detail?: string }
  /** one merged interval of the measured load; `elapsedS` from the load's t0 */
  | { type: 'bucket'; bucket: LoadBucket; elapsedS: number; origin: { inflight: number; queue: number } }
  | { type: 'event'; event: ReportEvent };
