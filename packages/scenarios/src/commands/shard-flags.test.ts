import { describe, expect, it } from 'vitest';
import { shardingOptions, type ShardFlags } from './shard-flags.js';

const flags = (f: Partial<ShardFlags>): ShardFlags => ({ engine: 'local', ...f });
const problems = (f: Partial<ShardFlags>): string[] => {
  try {
    shardingOptions(flags(f));
    return [];
  } catch (err) {
    return [...((err as { problems?: string[] }).problems ?? [(err as Error).message])];
  }
};

describe('shardingOptions', () => {
  it('is undefined without --shards, and refuses shard flags without it', () => {
    expect(shardingOptions(flags({}))).toBeUndefined();
    expect(problems({ 'max-clock-offset': '2s' })).toEqual(['--max-clock-offset needs --shards N']);
  });

  it('reads the local engine and the durations', () => {
    const o = shardingOptions(flags({ shards: 4, 'max-clock-offset': '2s', 'barrier-timeout': '90s', 'controller-listen': '[::1]:0' }));
    expect(o).toMatchObject({ count: 4, maxClockOffsetMs: 2000, barrierTimeoutMs: 90_000, listen: { host: '::1', port: 0 } });
    expect(o?.engine.name).toBe('local');
  });

  it('names every bad flag at once', () => {
    expect(problems({ shards: 0, 'max-clock-offset': 'soon', 'controller-listen': 'nowhere', 'target-url': 'cache:80', image: 'x' })).toEqual([
      '--shards must be a whole number from 1 to 1024 (got 0)',
      '--image is for --engine kubernetes',
      '--max-clock-offset must be a positive duration like 500ms, 2s or 1m (got "soon")',
      '--controller-listen must be host:port, e.g. 0.0.0.0:7070 or 127.0.0.1:0 (got "nowhere")',
      '--target-url must be an http:// URL (got "cache:80")',
    ]);
  });

  it('asks the kubernetes engine for the addresses pods can reach', () => {
    expect(problems({ shards: 2, engine: 'kubernetes' })).toEqual([
      '--engine kubernetes needs --target-url: the cache as the shards reach it (e.g. a Service, see stampede k8s render --service)',
      '--engine kubernetes needs --controller-listen host:port (an address the shards reach) or --controller-url (e.g. behind a Service or port-forward)',
    ]);
    const o = shardingOptions(flags({ shards: 2, engine: 'kubernetes', 'target-url': 'http://cache.default.svc:8080', 'controller-listen': '0.0.0.0:7070', image: 'registry.example.com/stampede:0.1.0' }));
    expect(o?.engine.name).toBe('kubernetes');
    expect(o?.targetUrl).toBe('http://cache.default.svc:8080');
  });

  it('waits for shards started elsewhere with --engine external', () => {
    expect(problems({ shards: 2, engine: 'external', image: 'x' })[0]).toBe('--image is for --engine kubernetes');
    const o = shardingOptions(flags({ shards: 2, engine: 'external', 'target-url': 'http://cache:8080', 'controller-url': 'http://controller:7070' }));
    expect(o?.engine.name).toBe('external');
  });
});
