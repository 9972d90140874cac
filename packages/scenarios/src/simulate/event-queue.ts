/**
 * A min-heap of timed events for the virtual-time simulator. An event is a time (ms), a small integer `kind` and an
 * integer `id` (what the kind refers to, e.g. a fetch), kept in parallel arrays so scheduling allocates nothing
 * per event. Ties are broken by insertion order: of two events at the same time, the one pushed first pops first,
 * so a run is deterministic whatever the heap's internal layout.
 */
export class EventQueue {
  #time: number[] = [];
  #seq: number[] = [];
  #kind: number[] = [];
  #id: number[] = [];
  #nextSeq = 0;
  /** kind and id of the event last popped */
  kind = -1;
  id = -1;

  get size(): number {
    return this.#time.length;
  }

  /** time of the earliest event, Infinity when empty */
  peekTime(): number {
    return this.#time.length > 0 ? (this.#time[0] as number) : Number.POSITIVE_INFINITY;
  }

  push(timeMs: number, kind: number, id: number): void {
    let i = this.#time.length;
    const seq = this.#nextSeq++;
    this.#time.push(timeMs);
    this.#seq.push(seq);
    this.#kind.push(kind);
    this.#id.push(id);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#less(i, parent)) break;
      this.#swap(i, parent);
      i = parent;
    }
  }

  /** Removes the earliest event, sets `kind` and `id` to it and returns its time (Infinity when empty). */
  pop(): number {
    const n = this.#time.length;
    if (n === 0) return Number.POSITIVE_INFINITY;
    const t = this.#time[0] as number;
    this.kind = this.#kind[0] as number;
    this.id = this.#id[0] as number;
    const last = n - 1;
    if (last > 0) this.#swap(0, last);
    this.#time.pop();
    this.#seq.pop();
    this.#kind.pop();
    this.#id.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= last) break;
      const r = l + 1;
      const m = r < last && this.#less(r, l) ? r : l;
      if (!this.#less(m, i)) break;
      this.#swap(i, m);
      i = m;
    }
    return t;
  }

  /** ids of the pending events of `kind`, in no particular order (a scan: for rare actions, not the hot loop) */
  idsOf(kind: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.#kind.length; i++) if (this.#kind[i] === kind) out.push(this.#id[i] as number);
    return out;
  }

  #less(a: number, b: number): boolean {
    const ta = this.#time[a] as number;
    const tb = this.#time[b] as number;
    return ta < tb || (ta === tb && (this.#seq[a] as number) < (this.#seq[b] as number));
  }

  #swap(a: number, b: number): void {
    swap(this.#time, a, b);
    swap(this.#seq, a, b);
    swap(this.#kind, a, b);
    swap(this.#id, a, b);
  }
}

function swap(xs: number[], a: number, b: number): void {
  const t = xs[a] as number;
  xs[a] = xs[b] as number;
  xs[b] = t;
}
