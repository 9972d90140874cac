/**
 * Key distributions from the command line: 'uniform', 'zipf' / 'zipf:S', 'hotset:HOT_FRACTION:HOT_TRAFFIC'
 * (e.g. hotset:0.1:0.9 — 10 % of the keys get 90 % of the requests). Errors name the option.
 */
import { LoadSpecError } from './errors.js';
import { DEFAULT_LOAD_SPEC, type KeyDistribution } from './spec.js';

export function parseDistribution(text: string, option = '--dist'): KeyDistribution {
  const parts = text.trim().toLowerCase().split(':');
  const kind = parts[0];
  const numbers = parts.slice(1).map((p) => (p.trim() === '' ? Number.NaN : Number(p)));
  const bad = (why: string): never => {
    throw new LoadSpecError([
      `${option} ${why} (got ${JSON.stringify(text)}); use uniform, zipf:S (e.g. zipf:1.1) or ` +
        'hotset:HOT_FRACTION:HOT_TRAFFIC (e.g. hotset:0.1:0.9)',
    ]);
  };
  if (numbers.some((n) => !Number.isFinite(n))) bad('has a part that is not a number');
  switch (kind) {
    case 'uniform':
      if (numbers.length > 0) bad('takes no parameters for uniform');
      return { kind: 'uniform' };
    case 'zipf': {
      if (numbers.length > 1) bad('takes one exponent for zipf');
      const s = numbers[0] ?? DEFAULT_LOAD_SPEC.distribution.s;
      if (s < 0 || s > 10) bad('zipf exponent must be between 0 and 10');
      return { kind: 'zipf', s };
    }
    case 'hotset': {
      const [hotFraction, hotTrafficFraction] = numbers;
      if (numbers.length !== 2 || hotFraction === undefined || hotTrafficFraction === undefined) {
        return bad('needs two fractions for hotset');
      }
      if (!(hotFraction > 0 && hotFraction <= 1)) bad('hot fraction must be in (0, 1]');
      if (!(hotTrafficFraction >= 0 && hotTrafficFraction <= 1)) bad('hot traffic fraction must be in [0, 1]');
      return { kind: 'hotset', hotFraction, hotTrafficFraction };
    }
    default:
      return bad('names an unknown distribution');
  }
}
