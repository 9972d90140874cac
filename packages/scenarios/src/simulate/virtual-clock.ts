/**
 * The simulator's clock: virtual milliseconds from the start of the measured load, moved only by the event loop.
 * Nothing in simulate/ reads wall time; models are handed this clock's `nowMs`.
 */
export class VirtualClock {
  #nowMs = 0;

  get nowMs(): number {
    return this.#nowMs;
  }

  /** Moves to `timeMs`; time never goes backwards (an event scheduled in the past is a model bug). */
  advanceTo(timeMs: number): void {
    if (timeMs < this.#nowMs) throw new RangeError(`virtual time went backwards: ${timeMs} < ${this.#nowMs}`);
    this.#nowMs = timeMs;
  }
}
