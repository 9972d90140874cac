import { describe, expect, test } from 'vitest';
import { newRequestTag, type RequestTag } from './origin-tap.js';
import { classifyEmbeddedResponse } from './outcome.js';

const tag = (t: Partial<RequestTag>): RequestTag => ({ ...newRequestTag(), ...t });

describe('classifyEmbeddedResponse', () => {
  test.each<[string, Parameters<typeof classifyEmbeddedResponse>[0], string, boolean]>([
    ['POST passes', { method: 'POST', tag: tag({ reachedOrigin: true }), statusCode: 200, headers: {} }, 'PASS', false],
    ['HEAD passes', { method: 'HEAD', tag: tag({}), statusCode: 200, headers: {} }, 'PASS', false],
    ['own origin fetch', { method: 'GET', tag: tag({ reachedOrigin: true, originStatus: 200 }), statusCode: 200, headers: {} }, 'MISS', false],
    ['origin 304, cached copy sent', { method: 'GET', tag: tag({ reachedOrigin: true, originStatus: 304 }), statusCode: 200, headers: { age: '3' } }, 'REVALIDATED', false],
    ['client conditional 304 passed on', { method: 'GET', tag: tag({ reachedOrigin: true, originStatus: 304 }), statusCode: 304, headers: {} }, 'MISS', false],
    ['from the store', { method: 'GET', tag: tag({}), statusCode: 200, headers: { age: '2' } }, 'HIT', false],
    ['stale from the store', { method: 'GET', tag: tag({}), statusCode: 200, headers: { age: '9', warning: '110 - "response is stale"' } }, 'STALE', false],
    ['coalesced onto another fetch', { method: 'GET', tag: tag({}), statusCode: 200, headers: {} }, 'HIT', true],
  ])('%s', (_name, input, outcome, coalesced) => {
    expect(classifyEmbeddedResponse(input)).toEqual({ outcome, coalesced });
  });
});
