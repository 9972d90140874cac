import { describe, expect, test } from 'vitest';
import { BodyCache } from './body-cache.js';
import { contentBody } from './content-body.js';

describe('BodyCache', () => {
  test('returns the generated body and reuses it', () => {
    const c = new BodyCache(1024);
    const a = c.get('k', 1, 100);
    expect(a).toEqual(contentBody('k', 1, 100));
    expect(c.get('k', 1, 100)).toBe(a);
    expect(c.get('k', 2, 100)).not.toBe(a);
    expect(c.get('k', 1, 50)).toEqual(contentBody('k', 1, 50));
  });

  test('stays within its byte budget, dropping the least recently used', () => {
    const c = new BodyCache(300);
    const a = c.get('a', 1, 100);
    c.get('b', 1, 100);
    c.get('c', 1, 100);
    c.get('a', 1, 100); // a is now the most recent
    c.get('d', 1, 100); // evicts b
    expect(c.size).toBe(3);
    expect(c.get('a', 1, 100)).toBe(a);
    const bodies = new BodyCache(300);
    bodies.get('big', 1, 1000); // larger than the budget: served, not kept
    expect(bodies.size).toBe(0);
  });
});
