/**
 * @stampede/validation — checks at the boundary that the load generator, the fake origin and the scenarios share,
 * so each has one rule: which hosts and peers are loopback, and how a schema issue reads as a problem sentence.
 */
export { isLoopbackAddress, isLoopbackHost } from './loopback.js';
export {
  describeValue,
  formatIssues,
  formatPath,
  knownKeysAt,
  valueAt,
  type IssueFormat,
  type Problem,
} from './format-issues.js';
