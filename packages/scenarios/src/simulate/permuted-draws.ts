/**
 * The origin's service-time draws with the order they are handed out varied among fetches that wait together: what
 * one member of validate-model's ensemble changes (simulate-like-run.ts).
 *
 * A real run's origin draws its service times from one seeded sequence, in the order fetches start service. While
 * a slot is free, every fetch starts as it arrives, and the arrivals are the run's own: the model hands out the very
 * draws in the very order. When fetches wait for slots, which of them starts next depends on completion times a
 * real run does not reproduce, so which fetch gets which draw does not repeat from run to run, while the draws
 * themselves (the sequence) do. So each start takes one of the next `contenders()` draws of the sequence (1 + the
 * fetches still waiting), chosen by `choice`: in order while none waits, a wider shuffle the longer the queue.
 * Draws passed over are handed out first, so the sequence stays aligned with the number of starts.
 */
import type { Rng } from '@stampede/fake-backend';

export function permutedDraws(sequence: Rng, choice: Rng, contenders: () => number): Rng {
  const ahead: number[] = [];
  return () => {
    const window = Math.max(1, contenders());
    if (window === 1) return ahead.length > 0 ? (ahead.shift() as number) : sequence();
    while (ahead.length < window) ahead.push(sequence());
    const i = Math.floor(choice() * window);
    const draw = ahead[i] as number;
    ahead.splice(i, 1);
    return draw;
  };
}
