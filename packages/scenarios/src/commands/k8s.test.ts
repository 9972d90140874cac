import { PassThrough } from 'node:stream';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Service } from 'kubernetes-models/v1/Service';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { getScenario } from '../catalog/index.js';
import { main } from '../cli.js';
import { ExitCode } from '../exit-codes.js';
import { hasKubectl, kubectlRoundTrip } from '../shards/kubernetes/testing/kubectl.js';
import { missingFrom } from '../shards/kubernetes/testing/missing-from.js';
import type { CommandIo } from './command.js';
import { parseStartAt } from './k8s.js';

async function k8s(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const io: CommandIo = { stdout, stderr, env: {}, signal: new AbortController().signal };
  const code = await main(['k8s', 'render', ...argv], io);
  return { code, out: Buffer.concat(out).toString('utf8'), err: Buffer.concat(err).toString('utf8') };
}

type Obj = { kind: string; metadata: { name: string; namespace?: string }; spec: any };
const docs = (text: string) => parseAllDocuments(text).map((d) => d.toJSON() as Obj);
const envOf = (job: Obj) => Object.fromEntries((job.spec.template.spec.containers[0].env as { name: string; value: string }[]).map((e) => [e.name, e.value]));

describe('stampede k8s render', () => {
  it('prints a valid Indexed Job whose pods carry the scenario\'s full-rate load aimed at the target', async () => {
    const r = await k8s(['global-purge-coalesced', '--shards', '4', '--target-url', 'http://my-varnish.cache.svc:6081/', '--controller-url', 'http://10.0.0.5:7070', '--run-id', 'gp-1', '--set', 'load.keys=5000']);
    expect(r.err).toBe('');
    expect(r.code).toBe(ExitCode.pass);
    const [job, ...rest] = docs(r.out);
    expect(rest).toEqual([]);
    expect(() => new Job(job as never).validate()).not.toThrow();
    expect(job!.metadata).toEqual(expect.objectContaining({ name: 'stampede-gp-1' }));
    expect(job!.metadata).not.toHaveProperty('namespace');
    expect(job!.spec).toMatchObject({ completionMode: 'Indexed', completions: 4, parallelism: 4, backoffLimit: 0 });
    const env = envOf(job!);
    expect(env).toMatchObject({ STAMPEDE_SHARDS: '4', STAMPEDE_RUN_ID: 'gp-1', STAMPEDE_CONTROLLER_URL: 'http://10.0.0.5:7070', STAMPEDE_ALLOW_REMOTE: '1' });
    const load = JSON.parse(env.STAMPEDE_SHARD_LOAD!);
    const spec = getScenario('global-purge-coalesced')!.spec;
    expect(load).toMatchObject({ url: 'http://my-varnish.cache.svc:6081/items/{key}', ratePerS: spec.load.ratePerS, keys: 5000, cacheHeader: 'x-cache' });
    // the deadline covers the load and the slack
    expect(job!.spec.activeDeadlineSeconds).toBe(Math.ceil(spec.load.durationS + 600));
  });

  it('--start-at: the common instant in the pods\' environment, and a warning that the timeline needs a controller', async () => {
    const r = await k8s(['global-purge', '--shards', '2', '--target-url', 'http://c:80', '--start-at', '2030-01-01T00:00:00Z']);
    expect(r.code).toBe(ExitCode.pass);
    expect(envOf(docs(r.out)[0]!).STAMPEDE_START_AT).toBe(String(Date.parse('2030-01-01T00:00:00Z')));
    expect(r.err).toMatch(/timeline action\(s\) \(purge-all\) need one: stampede run --shards N --engine kubernetes/);
  });

  it('--service: a valid Service named and ported by the target URL, in its namespace', async () => {
    const r = await k8s(['global-purge', '--shards', '2', '--target-url', 'http://stampede-cache.edge.svc:6081', '--start-at', '+1m', '--namespace', 'load', '--service', '--service-selector', 'app=varnish,tier=edge', '--service-target-port', '80']);
    expect(r.code).toBe(ExitCode.pass);
    const [job, svc] = docs(r.out);
    expect(job!.metadata.namespace).toBe('load');
    expect(() => new Service(svc as never).validate()).not.toThrow();
    expect(svc).toMatchObject({ kind: 'Service', metadata: { name: 'stampede-cache', namespace: 'edge' }, spec: { selector: { app: 'varnish', tier: 'edge' }, ports: [{ port: 6081, targetPort: 80 }] } });
  });

  it.skipIf(!hasKubectl())('what it prints decodes through kubectl\'s own types with every field kept', async () => {
    const r = await k8s(['ttl-collapse', '--shards', '8', '--target-url', 'http://c.default.svc:80', '--start-at', '+5m', '--cpu', '2', '--memory', '1Gi', '--service', '--service-selector', 'app=c']);
    for (const object of docs(r.out)) {
      const back = kubectlRoundTrip(object);
      expect(back.error).toBeUndefined();
      expect(missingFrom(object, back.object)).toEqual([]);
    }
  });

  it.each([
    [['--target-url', 'http://c'], /give one of --controller-url .* or --start-at/],
    [['--target-url', 'http://c', '--controller-url', 'http://x:1', '--start-at', '+1m'], /give one of/],
    [['--target-url', 'https://c', '--start-at', 'soon'], /--target-url must be an http:\/\/ URL[\s\S]*--start-at must be an ISO time/],
    [['--target-url', 'http://c', '--start-at', '+1m', '--service-selector', 'app=x'], /--service-selector and --service-target-port go with --service/],
    [['--target-url', 'http://c', '--start-at', '+1m', '--service'], /--service needs --service-selector/],
    [['--target-url', 'http://c', '--start-at', '+1m', '--cpu', '0', '--namespace', 'Bad_NS'], /--namespace must be a DNS-1123 label[\s\S]*--cpu must be more than 0/],
  ])('usage errors exit 2 naming the flag: %j', async (argv, message) => {
    const r = await k8s(['global-purge', '--shards', '2', ...argv]);
    expect(r.code).toBe(ExitCode.usage);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });

  it('bad --shards and an unknown scenario exit 2', async () => {
    expect((await k8s(['global-purge', '--shards', '0', '--target-url', 'http://c', '--start-at', '+1m'])).err).toMatch(/--shards must be a whole number from 1 to 1024 \(got 0\)/);
    expect((await k8s(['global-purj', '--shards', '2', '--target-url', 'http://c', '--start-at', '+1m'])).code).toBe(ExitCode.usage);
  });
});

describe('parseStartAt', () => {
  const now = Date.parse('2026-12-02T16:00:00Z');
  it.each([
    ['2026-12-02T16:05:00Z', now + 300_000],
    ['+90s', now + 90_000],
    ['+2m', now + 120_000],
    ['1796227359240', 1796227359240],
  ])('%s', (text, ms) => expect(parseStartAt(text, now)).toBe(ms));
  it.each(['soon', '+', '2026-13-45T00:00:00Z', '12345'])('refuses %s', (text) => expect(parseStartAt(text, now)).toMatch(/^--start-at must be/));
});
