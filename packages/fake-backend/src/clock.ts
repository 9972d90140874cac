/** Epoch milliseconds (float). Injected so the stats grid is testable without sleeping. */
export type Clock = () => number;

/** The one clock of DESIGN.md: `performance.timeOrigin + performance.now()`, the same in every thread. */
export const systemClock: Clock = () => performance.timeOrigin + performance.now();
