// not re-exported by the package index in 1.x; the package has no exports map, so the file is reachable
import { ObjectSerializer } from '@kubernetes/client-node/dist/serializer.js';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Service } from 'kubernetes-models/v1/Service';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { SHARD_ENV, shardEnvVars } from '../shard-env.js';
import { manifestsYaml } from './manifests-yaml.js';
import { renderService } from './render-service.js';
import { renderShardJob, shardPodSelector, STAMPEDE_LABELS } from './render-shard-job.js';
import { isDnsLabel, MAX_JOB_NAME_LENGTH } from './shard-job-name.js';
import { shardPodOptions } from './shard-pod-options.js';
import { missingFrom } from './testing/missing-from.js';

/** what client-node's batch/v1 / v1 models (generated from the API's OpenAPI) keep of an object */
const throughModels = (o: object, type: 'V1Job' | 'V1Service'): unknown => ObjectSerializer.serialize(ObjectSerializer.deserialize(o, type), type);

const load = { url: 'http://stampede-cache.default.svc:6081/items/{key}', ratePerS: 4000, durationS: 30, keys: 1000, seed: 7 };
const env = shardEnvVars({ shards: 4, runId: 'k8s-demo', load, controllerUrl: 'http://10.0.0.5:7070', allowRemote: true });
const plan = { shards: 4, env, runId: 'k8s-demo' };
const pod = shardPodOptions({ image: 'registry.example.com/stampede:0.1.0', namespace: 'load', activeDeadlineSeconds: 900 });

describe('renderShardJob', () => {
  it('is a valid batch/v1 Job (the OpenAPI schema of kubernetes-models)', () => {
    const job = renderShardJob(plan, pod);
    expect(() => new Job(job as never).validate()).not.toThrow();
  });

  it('is Indexed with parallelism = completions = shards, no retry, Never restarted, cleaned up', () => {
    const spec = renderShardJob(plan, pod).spec!;
    expect(spec).toMatchObject({ completionMode: 'Indexed', completions: 4, parallelism: 4, backoffLimit: 0, ttlSecondsAfterFinished: 600, activeDeadlineSeconds: 900 });
    expect(spec.template.spec!.restartPolicy).toBe('Never');
  });

  it('hands every pod the shard contract (the index is the Job controller\'s to set)', () => {
    const c = renderShardJob(plan, pod).spec!.template.spec!.containers[0]!;
    const vars = Object.fromEntries(c.env!.map((e) => [e.name, e.value]));
    expect(vars).toEqual(env);
    expect(JSON.parse(vars[SHARD_ENV.load]!)).toEqual(load);
    expect(vars).not.toHaveProperty(SHARD_ENV.index);
    expect(vars).not.toHaveProperty(SHARD_ENV.jobCompletionIndex);
    expect(c).toMatchObject({ image: 'registry.example.com/stampede:0.1.0', imagePullPolicy: 'IfNotPresent', args: ['shard'] });
    expect(c.resources).toEqual({ requests: { cpu: '1', memory: '512Mi' }, limits: { cpu: '1', memory: '512Mi' } });
  });

  it('labels the Job and its pods with the run, and selects the pods by the Job', () => {
    const job = renderShardJob(plan, pod);
    expect(job.metadata).toMatchObject({ name: 'stampede-k8s-demo', namespace: 'load', annotations: { [STAMPEDE_LABELS.runId]: 'k8s-demo' } });
    expect(job.metadata!.labels).toMatchObject({ 'app.kubernetes.io/name': 'stampede', 'stampede.dev/run-id': 'k8s-demo' });
    expect(job.spec!.template.metadata!.labels).toEqual(job.metadata!.labels);
    expect(shardPodSelector('stampede-k8s-demo')).toBe('app.kubernetes.io/name=stampede,stampede.dev/job=stampede-k8s-demo');
  });

  it('keeps names valid for 1024 shards whatever the run id', () => {
    for (const runId of ['20261202-154533-global-purge-embedded-with-a-very-long-suffix-indeed', 'Run_ID:2026/12/02', '---', 'x'.repeat(300)]) {
      const job = renderShardJob({ ...plan, shards: 1024, runId }, pod);
      const name = job.metadata!.name!;
      expect(name.length).toBeLessThanOrEqual(MAX_JOB_NAME_LENGTH);
      expect(isDnsLabel(`${name}-1023-abcde`), name).toBe(true);
      expect(job.metadata!.annotations![STAMPEDE_LABELS.runId]).toBe(runId);
      expect(() => new Job(job as never).validate()).not.toThrow();
    }
  });

  it('has no field batch/v1 does not know (the schema above allows unknown ones): client-node\'s models keep every field', () => {
    const job = renderShardJob(plan, pod);
    expect(missingFrom(job, throughModels(job, 'V1Job'))).toEqual([]);
    const misspelled = { ...job, spec: { ...job.spec!, completionMod: 'Indexed' } };
    expect(missingFrom(misspelled, throughModels(misspelled, 'V1Job'))).toEqual(['.spec.completionMod: wrote "Indexed", got back undefined']);
  });

  it('the schema check can fail: a Job with a wrong type is refused', () => {
    const job = renderShardJob(plan, pod) as unknown as { spec: { completions: unknown } };
    job.spec.completions = 'four';
    expect(() => new Job(job as never).validate()).toThrow(/completions/);
  });
});

describe('renderService', () => {
  it('is a valid v1 Service named, placed and ported by the target URL', () => {
    const svc = renderService({ targetUrl: 'http://stampede-cache.cache.svc.cluster.local:6081', namespace: 'load', selector: { app: 'varnish' }, targetPort: 80, runId: 'k8s-demo' });
    expect(() => new Service(svc as never).validate()).not.toThrow();
    expect(missingFrom(svc, throughModels(svc, 'V1Service'))).toEqual([]);
    expect(svc.metadata).toMatchObject({ name: 'stampede-cache', namespace: 'cache' });
    expect(svc.spec).toMatchObject({ selector: { app: 'varnish' }, ports: [{ port: 6081, targetPort: 80 }] });
  });

  it('refuses a target it cannot be, or no selector, naming the flag', () => {
    expect(() => renderService({ targetUrl: 'http://10.1.2.3:6081', namespace: 'load', selector: { app: 'v' }, runId: 'r' })).toThrow(/--target-url/);
    expect(() => renderService({ targetUrl: 'https://cache.load.svc', namespace: 'load', selector: { app: 'v' }, runId: 'r' })).toThrow(/http:\/\//);
    expect(() => renderService({ targetUrl: 'http://cache', namespace: 'load', selector: {}, runId: 'r' })).toThrow(/--service-selector/);
  });
});

describe('manifestsYaml', () => {
  it('is a multi-document stream that parses back to the objects', () => {
    const job = renderShardJob(plan, pod);
    const svc = renderService({ targetUrl: 'http://stampede-cache.default.svc:6081', namespace: 'load', selector: { app: 'varnish' }, runId: 'k8s-demo' });
    const text = manifestsYaml([job, svc]);
    const docs = parseAllDocuments(text).map((d) => d.toJSON() as unknown);
    expect(docs).toEqual([job, svc]);
    expect(text).toMatchSnapshot();
  });
});
