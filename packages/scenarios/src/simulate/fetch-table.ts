/**
 * The cache model's fetches in flight by fetch id. Ids are handed out in sequence and most fetches end soon, so the
 * live ones sit in a ring indexed by id modulo its size (a power of two): a lookup is an array read and a compare,
 * not a hash lookup. When a new id lands on a slot still held by a live fetch (one that has lived through a whole
 * ring of newer ones), the ring doubles and is re-filled.
 */
export interface TableEntry {
  readonly id: number;
}

export class FetchTable<T extends TableEntry> {
  #slots: (T | undefined)[] = new Array<T | undefined>(1024).fill(undefined);
  #mask = 1023;
  size = 0;

  get(id: number): T | undefined {
    const e = this.#slots[id & this.#mask];
    return e !== undefined && e.id === id ? e : undefined;
  }

  has(id: number): boolean {
    return this.get(id) !== undefined;
  }

  add(entry: T): void {
    while (this.#slots[entry.id & this.#mask] !== undefined) this.#grow();
    this.#slots[entry.id & this.#mask] = entry;
    this.size++;
  }

  delete(id: number): void {
    const slot = id & this.#mask;
    const e = this.#slots[slot];
    if (e !== undefined && e.id === id) {
      this.#slots[slot] = undefined;
      this.size--;
    }
  }

  /** Removes every entry and returns them (in slot order). */
  drain(): T[] {
    const live = this.#slots.filter((e): e is T => e !== undefined);
    this.#slots.fill(undefined);
    this.size = 0;
    return live;
  }

  #grow(): void {
    const live = this.#slots.filter((e): e is T => e !== undefined);
    let size = this.#slots.length * 2;
    for (;;) {
      const slots = new Array<T | undefined>(size).fill(undefined);
      const mask = size - 1;
      let clash = false;
      for (const e of live) {
        if (slots[e.id & mask] !== undefined) {
          clash = true;
          break;
        }
        slots[e.id & mask] = e;
      }
      if (!clash) {
        this.#slots = slots;
        this.#mask = mask;
        return;
      }
      size *= 2;
    }
  }
}
