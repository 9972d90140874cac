/** report.events actions (kind 'phase') of the warm-up's two parts, at the epoch ms each began (warm-up.ts) */
export const WARMUP_PREFETCH = 'warmup-prefetch';
export const WARMUP_LOAD = 'warmup-load';
