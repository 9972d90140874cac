import { describe, expect, it } from 'vitest';
import { FetchTable } from './fetch-table.js';

describe('FetchTable', () => {
  it('finds live entries by id; a long-lived entry makes the ring grow instead of being overwritten', () => {
    const t = new FetchTable<{ id: number; v: string }>();
    t.add({ id: 0, v: 'old' });
    for (let id = 1; id < 5000; id++) {
      t.add({ id, v: String(id) });
      t.delete(id - 1 === 0 ? -1 : id - 1);
    }
    expect(t.get(0)?.v).toBe('old');
    expect(t.get(4999)?.v).toBe('4999');
    expect(t.get(4998)).toBeUndefined();
    expect(t.get(1024)).toBeUndefined();
    expect(t.size).toBe(2);
    t.delete(0);
    expect([t.has(0), t.size]).toEqual([false, 1]);
  });

  it('drain hands back every live entry and leaves the table empty', () => {
    const t = new FetchTable<{ id: number }>();
    for (let id = 0; id < 3000; id++) t.add({ id });
    for (let id = 0; id < 3000; id += 2) t.delete(id);
    const drained = t.drain().map((e) => e.id);
    expect(drained).toHaveLength(1500);
    expect(drained.every((id) => id % 2 === 1)).toBe(true);
    expect([t.size, t.has(1), t.has(2999)]).toEqual([0, false, false]);
    t.add({ id: 3000 });
    expect(t.get(3000)?.id).toBe(3000);
  });
});
