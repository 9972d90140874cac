/**
 * stampede's outcome subs run in front of a user's VCL (VCL concatenates same-named subs in source order). They must
 * change nothing the VCL caches or fetches: the same requests through the same VCL, with and without them, leave
 * varnishd's counters identical, across pass, a hit turned into a pass, hit-for-miss and Vary.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBackend, HEALTH_PATH } from '@stampede/fake-backend';
import { request } from 'undici';
import { describe, expect, test } from 'vitest';
import { findBinary } from '../process/find-binary.js';
import { ManagedProcess } from '../process/managed-process.js';
import { runCommand } from '../process/run-command.js';
import { binaryAvailable } from '../testing/skip-note.js';
import { retargetVcl } from './retarget-vcl.js';
import { parseListenPort, parseVarnishstat } from './varnish-cli.js';
import { outcomeVcl } from './varnish-vcl.js';

const hasVarnish = binaryAvailable(['varnishd', 'varnishadm', 'varnishstat'], 'apt-get install -y varnish');
const INSTALL = 'apt-get install -y varnish';

const USER_VCL = `vcl 4.1;
backend default { .host = "10.0.0.1"; .port = "8080"; }
sub vcl_recv {
    if (req.url ~ "^/items/pass") { return (pass); }
    if (req.url ~ "^/items/hash") { return (hash); }
}
sub vcl_hit { if (req.url ~ "^/items/hash-force") { return (pass); } }
sub vcl_backend_response {
    if (bereq.url ~ "uncache") { set beresp.uncacheable = true; set beresp.ttl = 10s; return (deliver); }
    set beresp.http.Vary = "X-Variant";
}
sub vcl_deliver { return (deliver); }
`;
const COUNTERS = ['MAIN.cache_hit', 'MAIN.cache_miss', 'MAIN.cache_hitmiss', 'MAIN.cache_hitpass', 'MAIN.s_pass', 'MAIN.backend_req', 'MAIN.n_object'];

/** varnishd on `vclText`, the same requests, then the counters; everything stopped and removed afterwards */
async function countersAfterRequests(vclText: string, dir: string, name: string): Promise<Record<string, number>> {
  const vcl = join(dir, `${name}.vcl`);
  await writeFile(vcl, vclText);
  const n = join(dir, name);
  const varnishd = await ManagedProcess.spawn(findBinary('varnishd'), ['-F', '-j', 'none', '-n', n, '-a', '127.0.0.1:0', '-f', vcl, '-s', 'malloc,16m'], {
    installCommand: INSTALL,
  });
  const adm = (...args: string[]) => runCommand(findBinary('varnishadm'), ['-n', n, '-t', '5', ...args], { timeoutMs: 6_000, installCommand: INSTALL });
  try {
    let port: number | undefined;
    for (let i = 0; i < 100 && port === undefined && !varnishd.hasExited; i++) {
      const r = await adm('debug.listen_address');
      port = r.code === 0 ? parseListenPort(r.stdout) : undefined;
      if (port === undefined) await new Promise((res) => setTimeout(res, 100));
    }
    if (port === undefined) throw new Error(`varnishd did not serve: ${varnishd.output()}`);
    const paths = ['/items/a', '/items/a', '/items/pass-x', '/items/pass-x', '/items/hash-y', '/items/hash-y', '/items/hash-force-z', '/items/hash-force-z', '/items/uncache', '/items/uncache', '/items/a'];
    const sends = [...paths.map((p) => [p, undefined] as const), ...['1', '2', '1', '2'].map((v) => ['/items/v', v] as const)];
    for (const [path, variant] of sends) {
      const res = await request(`http://127.0.0.1:${port}${path}`, { headers: variant === undefined ? {} : { 'x-variant': variant } });
      await res.body.text();
      expect(res.statusCode).toBe(200);
    }
    // Worker threads add their counts to the shared counters a moment after the work: read until they are settled.
    const read = async () => {
      const r = await runCommand(findBinary('varnishstat'), ['-n', n, '-j', '-f', 'MAIN.*'], { timeoutMs: 6_000, installCommand: INSTALL });
      const stats = parseVarnishstat(r.stdout);
      return { clientReq: stats['MAIN.client_req'] ?? 0, counters: Object.fromEntries(COUNTERS.map((k) => [k, stats[k] ?? 0])) };
    };
    let last = await read();
    for (let i = 0; i < 50; i++) {
      await new Promise((res) => setTimeout(res, 100));
      const next = await read();
      if (next.clientReq === sends.length && JSON.stringify(next.counters) === JSON.stringify(last.counters)) return next.counters;
      last = next;
    }
    throw new Error(`varnishstat did not settle: ${JSON.stringify(last)}`);
  } finally {
    await adm('stop').catch(() => undefined);
    await varnishd.stop('SIGTERM', 5_000);
  }
}

describe.skipIf(!hasVarnish)('the outcome subs in front of a user VCL', () => {
  test('change nothing it caches or fetches: identical counters with and without them', async () => {
    await using origin = await startBackend({ serviceTime: { kind: 'constant', ms: 1 } });
    const dir = await mkdtemp(join(tmpdir(), 'stampede-outcome-subs-'));
    try {
      const outcome = join(dir, 'outcome.vcl');
      await writeFile(outcome, outcomeVcl('x-stampede-cache'));
      const { port } = new URL(origin.url);
      const base = { originHost: '127.0.0.1', originPort: Number(port), healthPath: HEALTH_PATH };
      const plain = await countersAfterRequests(retargetVcl(USER_VCL, base).text, dir, 'plain');
      const withSubs = await countersAfterRequests(retargetVcl(USER_VCL, { ...base, prelude: `include "${outcome}";` }).text, dir, 'with-subs');
      expect(withSubs).toEqual(plain);
      // the sequence did exercise what it is meant to
      expect(plain['MAIN.cache_hitmiss']).toBeGreaterThan(0);
      expect(plain['MAIN.s_pass']).toBe(3); // 2 passes in vcl_recv, 1 hit turned into a pass
      expect(plain['MAIN.cache_hit']).toBeGreaterThan(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
