import type { StatusCounts } from './report.js';

/** 503 responses / responses (timeouts and connection errors are not responses); 0 when there were none. */
export function rate503(status: Pick<StatusCounts, '503'>, responses: number): number {
  return responses > 0 ? status['503'] / responses : 0;
}
