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
});
