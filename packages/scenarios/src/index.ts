/**
 * @stampede/scenarios: scenario specs and the built-in catalog, cache adapters, the orchestrator, analysis,
 * reports and the stampede CLI.
 */
export { ExitCode, exitCodeFor, exitCodeByErrorCode } from './exit-codes.js';
export { runScenario, defaultRunId, type RunScenarioOptions, type OrchestratorEvent, type RunPhase } from './orchestrator/index.js';
export * from './caches/index.js';
// stampede's orphan watchdog: process groups and directories that must not outlive this process, even SIGKILLed
export { unwatchDir, unwatchGroup, watchDir, watchGroup } from './caches/process/orphan-watchdog.js';
export * from './scenario-spec/index.js';
export { catalog, getScenario, scenarioNames } from './catalog/index.js';
export * from './thresholds/index.js';
export { analyze, type AnalyzeInput, type Analysis } from './analysis/analyze.js';
export { mergeSeries } from './analysis/merge-series.js';
export type * from './record/report.js';
export { REPORT_SCHEMA } from './record/report.js';
export { readReport, renderJson } from './record/report-json.js';
export { renderMarkdown } from './report/markdown.js';
export { writeReportFiles } from './report/write-report-files.js';
// sharded runs (shards/README.md): the controller's LoadRun, the engines, the offline merge
export { startShardedLoad, ShardedRun, type ShardedRunOptions, type ShardedLoadResult } from './shards/sharded-run.js';
export { localEngine } from './shards/local-engine.js';
export { externalEngine } from './shards/external-engine.js';
export { kubernetesEngine } from './shards/kubernetes/kubernetes-engine.js';
export type { ShardEngine, ShardFleet, ShardLaunch, ShardExit } from './shards/shard-engine.js';
export type { ShardingOptions } from './shards/sharding-options.js';
export { mergeShardResults } from './shards/merge-shard-results.js';
export { SHARD_ENV, readShardEnv, shardEnvVars } from './shards/shard-env.js';
export type { ShardResult } from './shards/shard-protocol.js';
