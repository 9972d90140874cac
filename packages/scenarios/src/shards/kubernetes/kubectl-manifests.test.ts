/**
 * The rendered manifests through kubectl. Offline: kubectl's own batch/v1 and v1 types decode them and give every
 * field back (testing/kubectl.ts says why that is the honest offline check with kubectl 1.32, whose apply and
 * create need a server even with --dry-run=client). With a reachable cluster: apply --dry-run=client and =server.
 */
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { shardEnvVars } from '../shard-env.js';
import { manifestsYaml } from './manifests-yaml.js';
import { renderService } from './render-service.js';
import { renderShardJob } from './render-shard-job.js';
import { shardPodOptions } from './shard-pod-options.js';
import { clusterReachable, kubectl, kubectlRoundTrip, kubectlUnusable } from './testing/kubectl.js';
import { missingFrom } from './testing/missing-from.js';

const load = { url: 'http://stampede-cache.default.svc:6081/items/{key}', ratePerS: 4000, durationS: 30, keys: 1000, seed: 7 };
const runId = '20261202-154533-global-purge';
const job = renderShardJob(
  { shards: 3, runId, env: shardEnvVars({ shards: 3, runId, load, startAt: 1_800_000_000_000, allowRemote: true }) },
  shardPodOptions({ image: 'stampede:0.1.0', cpu: '500m', memory: '1Gi', activeDeadlineSeconds: 600 }),
);
const service = renderService({ targetUrl: 'http://stampede-cache.default.svc:6081', namespace: 'default', selector: { app: 'varnish' }, targetPort: 80, runId });
const yaml = manifestsYaml([job, service]);

const unusable = kubectlUnusable();
const withCluster = clusterReachable();

describe.skipIf(unusable !== undefined)(`kubectl (offline): the manifests decode into kubectl's batch/v1 and v1 types, every field kept${unusable ? ` (skipped: ${unusable})` : ''}`, () => {
  it.each(parseAllDocuments(yaml).map((d) => [(d.toJSON() as { kind: string }).kind, d.toJSON() as object] as const))('%s', (_kind, object) => {
    const { object: back, error } = kubectlRoundTrip(object);
    expect(error).toBeUndefined();
    expect(missingFrom(object, back)).toEqual([]);
  });

  it('can fail: a misspelled field is dropped by the decoder and caught; a wrong type is refused', () => {
    const misspelled = structuredClone(job) as unknown as { spec: Record<string, unknown> };
    misspelled.spec['completionMod'] = misspelled.spec['completionMode'];
    delete misspelled.spec['completionMode'];
    expect(missingFrom(misspelled, kubectlRoundTrip(misspelled).object)).toEqual([expect.stringMatching(/^\.spec\.completionMod: wrote "Indexed", got back undefined$/)]);
    const wrongType = structuredClone(job) as unknown as { spec: Record<string, unknown> };
    wrongType.spec['parallelism'] = 'three';
    expect(kubectlRoundTrip(wrongType).error).toMatch(/parallelism/);
  });
});

describe('kubectl apply --dry-run against a cluster', () => {
  const title = `client and server dry runs accept the manifests${withCluster ? '' : ' (no cluster: set KUBECONFIG to run)'}`;
  it.skipIf(!withCluster)(title, () => {
    for (const mode of ['client', 'server']) {
      const r = kubectl(['apply', `--dry-run=${mode}`, '-f', '-'], yaml, 60_000);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`job.batch/${job.metadata!.name}`);
    }
  });
});
