import { describe, expect, test } from 'vitest';
import { admit, type Admission, type AdmissionState } from './admission.js';

const base: AdmissionState = { inflight: 0, queued: 0, concurrency: 2, queue: 2, paused: false };

describe('admit', () => {
  test.each<[string, Partial<AdmissionState>, Admission]>([
    ['idle origin serves', {}, 'serve'],
    ['one slot left serves', { inflight: 1 }, 'serve'],
    ['slots full, room waiting: queue', { inflight: 2 }, 'queue'],
    ['slots full, one place left: queue', { inflight: 2, queued: 1 }, 'queue'],
    ['slots full, queue full: reject', { inflight: 2, queued: 2 }, 'reject'],
    ['free slot but waiters ahead: queue (FIFO, no jumping)', { inflight: 1, queued: 1 }, 'queue'],
    ['free slot, waiters ahead, queue full: reject', { inflight: 0, queued: 2 }, 'reject'],
    ['queue 0 and slots full: reject at once', { inflight: 2, queue: 0 }, 'reject'],
    ['queue 0 and a slot free: serve', { inflight: 1, queue: 0 }, 'serve'],
    ['concurrency lowered below inflight: queue', { inflight: 5, concurrency: 2 }, 'queue'],
    ['queue lowered below queued: reject', { inflight: 2, queued: 5, queue: 2 }, 'reject'],
    ['paused, idle: queue (nothing starts)', { paused: true }, 'queue'],
    ['paused, queue full: reject', { paused: true, queued: 2 }, 'reject'],
    ['paused, queue 0: reject', { paused: true, queue: 0 }, 'reject'],
  ])('%s', (_name, state, expected) => {
    expect(admit({ ...base, ...state })).toBe(expected);
  });
});
