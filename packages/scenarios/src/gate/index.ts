/** The CI regression gate: two reports in, a decision and one row per metric out; renderers for it. Pure. */
export { DEFAULT_GATED, DEFAULT_RELATIVE, defaultTolerance, INFO_METRICS, NOISE_K, UNIT_FLOORS } from './default-tolerances.js';
export { GateError, type GateErrorKind } from './gate-error.js';
export { gateHelp } from './gate-help.js';
export { gateReports, type GateOptions, type GateResult, type GateSide } from './gate-reports.js';
export { GATE_HEADER, gateTable, type GateTable, type GateTableRow } from './gate-table.js';
export { judgeMetric, type GateRow, type JudgeInput, type RowVerdict } from './judge-metric.js';
export { metricTraits, type Direction, type MetricTraits, type MetricUnit, type NullMeaning } from './metric-traits.js';
export { observeMetric, type Observation } from './observe-metric.js';
export { parseTolerance, parseTolerances, type ToleranceFlag, type ToleranceParse, type ToleranceSetting } from './parse-tolerance.js';
export { readRepeatStats } from './read-repeat-stats.js';
export { renderGateJunit } from './render-gate-junit.js';
export { renderGateMarkdown } from './render-gate-markdown.js';
export { renderGateText } from './render-gate-text.js';
export { formatTolerance, toleranceBand, type Tolerance } from './tolerance-band.js';
