/**
 * Ramp stages from the command line: comma-separated DURATION:TARGET_RATE pairs, k6-style,
 * e.g. "10s:100,20s:1000,10s:0" (ramp to 100/s over 10 s, then to 1000/s over 20 s, then down).
 */
import { LoadSpecError } from './errors.js';
import { parseDurationS } from './duration.js';
import type { RateStage } from './spec.js';

export function parseStages(text: string, option = '--stages'): RateStage[] {
  const items = text.split(',').map((s) => s.trim());
  const problems: string[] = [];
  const stages: RateStage[] = [];
  items.forEach((item, i) => {
    const [duration, rate, extra] = item.split(':');
    const where = `${option} stage ${i + 1} (${JSON.stringify(item)})`;
    if (duration === undefined || rate === undefined || extra !== undefined || duration === '' || rate.trim() === '') {
      problems.push(`${where} must be DURATION:RATE, e.g. 30s:500`);
      return;
    }
    let durationS = Number.NaN;
    try {
      durationS = parseDurationS(duration, `${where} duration`);
    } catch (err) {
      problems.push(...(err as LoadSpecError).problems);
    }
    const targetRatePerS = Number(rate);
    if (!Number.isFinite(targetRatePerS) || targetRatePerS < 0) {
      problems.push(`${where} rate must be a number >= 0 (got ${JSON.stringify(rate)})`);
    }
    stages.push({ durationS, targetRatePerS });
  });
  if (problems.length > 0) throw new LoadSpecError(problems);
  return stages;
}
