/**
 * Erlang's formulas for c servers offered A = lambda x mean service time erlangs, the analytic answers the
 * simulator is tested against.
 * - Erlang B: the probability an arrival finds all c busy in a loss system (M/G/c/c, no queue) — the fraction
 *   rejected. Insensitive to the service-time distribution, so it holds for constant service (M/D/c/c).
 * - Erlang C: the probability an arrival has to wait in M/M/c with an unbounded queue (needs A < c).
 */

/** Erlang B by the stable recurrence B(0) = 1, B(k) = A B(k-1) / (k + A B(k-1)). */
export function erlangB(c: number, offeredErlangs: number): number {
  let b = 1;
  for (let k = 1; k <= c; k++) b = (offeredErlangs * b) / (k + offeredErlangs * b);
  return b;
}

/** Erlang C from Erlang B: C = c B / (c - A (1 - B)); 1 when A >= c. */
export function erlangC(c: number, offeredErlangs: number): number {
  if (offeredErlangs >= c) return 1;
  const b = erlangB(c, offeredErlangs);
  return (c * b) / (c - offeredErlangs * (1 - b));
}
