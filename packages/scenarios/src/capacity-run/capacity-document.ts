/**
 * capacity.json (schema `stampede.capacity/v1`): a capacity search as data — what was varied over which range, the
 * plan, every probe in run order with its outcome and report folder, and the conclusion in words. capacity.md and
 * capacity.html are rendered from it alone. Pure.
 */
import type { CapacityPlan } from '../capacity/plan-capacity-search.js';
import type { CapacityResult } from '../capacity/search-capacity.js';
import { describeCapacityResult } from '../capacity/describe-capacity-result.js';
import type { CapacityConfirmation } from './confirm-boundary.js';

export const CAPACITY_SCHEMA = 'stampede.capacity/v1' as const;

export interface CapacityDocument {
  schema: typeof CAPACITY_SCHEMA;
  id: string;
  createdAt: string;
  tool: { version: string };
  scenario: { name: string; title: string | null };
  cache: { kind: string };
  /** the range as given (--from, --to) */
  range: { from: number; to: number };
  /** each probe's load.durationS; null: the scenario's own */
  probeDurationS: number | null;
  plan: CapacityPlan;
  result: CapacityResult;
  /** each probe's report folder, relative to capacity.json, by probe index */
  probeDirs: string[];
  /** describeCapacityResult */
  conclusion: string[];
  /** set when a signal stopped the search */
  interrupted: { reason: string; at: number } | null;
  /** additive, `--simulate`: `result` is the model's search, this the real probes that checked its boundary */
  confirmation?: CapacityConfirmation;
}

export interface CapacityDocumentInput {
  id: string;
  createdAt: string;
  toolVersion: string;
  scenario: { name: string; title: string | null };
  cacheKind: string;
  range: { from: number; to: number };
  probeDurationS: number | undefined;
  result: CapacityResult;
  probeDirs: string[];
  interrupted?: { reason: string; at: number };
  confirmation?: CapacityConfirmation;
  /** lines after the search's own conclusion (describeConfirmation) */
  extraConclusion?: string[];
}

export function capacityDocument(input: CapacityDocumentInput): CapacityDocument {
  return {
    schema: CAPACITY_SCHEMA,
    id: input.id,
    createdAt: input.createdAt,
    tool: { version: input.toolVersion },
    scenario: input.scenario,
    cache: { kind: input.cacheKind },
    range: input.range,
    probeDurationS: input.probeDurationS ?? null,
    plan: input.result.plan,
    result: input.result,
    probeDirs: input.probeDirs,
    conclusion: [
      ...describeCapacityResult(input.result).map((line, i) => (i === 0 && input.confirmation ? `On the model (${input.confirmation.modelVersion}): ${line}` : line)),
      ...(input.extraConclusion ?? []),
    ],
    interrupted: input.interrupted ?? null,
    ...(input.confirmation ? { confirmation: input.confirmation } : {}),
  };
}
