export { evaluateThresholds, holds } from './evaluate.js';
export { isMetricPath, metricValue, METRIC_PATHS, METRICS } from './metrics.js';
export type { MetricInfo, MetricPath, MetricType } from './metrics.js';
export { OPERATORS, parseThreshold, parseThresholds } from './parse.js';
export type { Operator, Threshold, ThresholdParse } from './parse.js';
