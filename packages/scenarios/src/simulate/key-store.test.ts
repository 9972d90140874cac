import { describe, expect, it } from 'vitest';
import { KeySlots } from './key-slots.js';
import { KeyStore } from './key-store.js';

describe('KeyStore', () => {
  it('stores, reads, removes and clears by key; -1 when not stored; grows past its first size', () => {
    const s = new KeyStore(4);
    expect(s.freshUntil(2)).toBe(-1);
    s.put(2, 0, 5);
    s.put(5000, 10, 20);
    expect([s.freshUntil(2), s.staleUntil(2), s.freshUntil(5000), s.size]).toEqual([0, 5, 10, 2]);
    s.remove(2);
    s.remove(2);
    expect([s.has(2), s.size]).toEqual([false, 1]);
    s.clear();
    expect([s.has(5000), s.size, s.storedKeys()]).toEqual([false, 0, []]);
  });

  it('a count limit set later evicts in exact least-recently-used order, then keeps that order', () => {
    const s = new KeyStore();
    s.put(1, 100, 100);
    s.put(2, 100, 100);
    s.put(3, 100, 100);
    s.touch(1);
    s.setMaxCount(2);
    expect(s.storedKeys()).toEqual([1, 3]);
    s.touch(3);
    s.put(4, 100, 100);
    expect(s.storedKeys()).toEqual([3, 4]);
    s.put(3, 200, 200);
    s.put(5, 100, 100);
    expect(s.storedKeys()).toEqual([3, 5]);
    expect(s.evictions).toBe(3);
  });
});

describe('KeySlots', () => {
  it('holds one value per key, -1 when unset; clearIf only clears the value it names', () => {
    const k = new KeySlots(2);
    expect(k.get(1)).toBe(-1);
    k.set(1, 0);
    k.set(4096, 7);
    expect([k.get(1), k.get(4096)]).toEqual([0, 7]);
    k.clearIf(4096, 6);
    expect(k.get(4096)).toBe(7);
    k.clearIf(4096, 7);
    k.clear();
    expect([k.get(1), k.get(4096)]).toEqual([-1, -1]);
  });
});
