/**
 * The kubernetes engine. Here, without a cluster: its options, a missing or unreadable kubeconfig, and an API
 * server that is not there (a real closed port). With a reachable cluster (KUBECONFIG, `kubectl cluster-info`
 * answers within seconds): the engine end to end, 2 shards against a fake origin pod, a few seconds of load.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import type { ShardExit, ShardFleet } from '../shard-engine.js';
import { SHARD_ENV, shardEnvVars } from '../shard-env.js';
import { kubernetesEngine, loadKubeConfig } from './kubernetes-engine.js';
import { shardPodSelector } from './render-shard-job.js';
import { shardJobName } from './shard-job-name.js';
import { clusterReachable, kubectl } from './testing/kubectl.js';

const load = { url: 'http://127.0.0.1:9/items/{key}', ratePerS: 10, durationS: 1, keys: 10 };
const plan = { shards: 2, runId: 'engine-test', env: shardEnvVars({ shards: 2, runId: 'engine-test', load, startAt: Date.now() }) };

const savedEnv = { KUBECONFIG: process.env.KUBECONFIG, HOME: process.env.HOME };
const dirs: string[] = [];
afterEach(() => {
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'stampede-k8s-'));
  dirs.push(d);
  return d;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('kubernetesEngine without a cluster', () => {
  it('checks its options up front, naming every bad flag', () => {
    expect(() => kubernetesEngine({ cpu: 'lots', memory: '-1', namespace: 'Load', imagePullPolicy: 'Sometimes' as never })).toThrow(
      /^invalid arguments:\n  - --image-pull-policy .*\n  - --namespace .*\n  - --cpu .*\n  - --memory [^\n]*$/,
    );
  });

  it('an unreadable KUBECONFIG is a ShardStartError that names it', async () => {
    process.env.KUBECONFIG = '/nonexistent/kubeconfig';
    await expect(kubernetesEngine().launch(plan)).rejects.toMatchObject({
      code: 'STAMPEDE_SHARD_START',
      message: expect.stringMatching(/^cannot read the kubeconfig KUBECONFIG=\/nonexistent\/kubeconfig: .*ENOENT.*point KUBECONFIG at/),
    });
  });

  it('no kubeconfig at all is a ShardStartError that says how to give one (not a connection to localhost:8080)', () => {
    delete process.env.KUBECONFIG;
    process.env.HOME = tempDir();
    expect(() => loadKubeConfig()).toThrow(/^no kubeconfig found .*set KUBECONFIG/);
  });

  it('an API server that is not there is a ShardStartError naming the server, the context and the fix', async () => {
    const port = await closedPort();
    const file = join(tempDir(), 'kubeconfig');
    writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        // https: client-node refuses plain http without insecure-skip-tls-verify; the connection is refused before TLS
        'clusters: [{name: gone, cluster: {server: "https://127.0.0.1:' + port + '", insecure-skip-tls-verify: true}}]',
        'users: [{name: me, user: {token: t}}]',
        'contexts: [{name: gone-ctx, context: {cluster: gone, user: me, namespace: load}}]',
        'current-context: gone-ctx',
      ].join('\n'),
    );
    process.env.KUBECONFIG = file;
    const started = Date.now();
    await expect(kubernetesEngine({ apiTimeoutMs: 20_000 }).launch(plan)).rejects.toMatchObject({
      code: 'STAMPEDE_SHARD_START',
      message: `create job/stampede-engine-test: cannot reach the Kubernetes API at https://127.0.0.1:${port} (context gone-ctx): ECONNREFUSED; check that KUBECONFIG names the cluster you mean and that it is up (kubectl cluster-info)`,
    });
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

// ---- end to end, on a real cluster only ------------------------------------------------------------------------

const withCluster = clusterReachable();
const image = process.env.STAMPEDE_K8S_IMAGE ?? 'stampede:0.1.0';
const namespace = process.env.STAMPEDE_K8S_NAMESPACE ?? 'default';
const note = withCluster ? '' : ' (no cluster: set KUBECONFIG to run)';

function exitsOf(fleet: ShardFleet, count: number, timeoutMs: number): Promise<ShardExit[]> {
  return new Promise((resolve, reject) => {
    const exits: ShardExit[] = [];
    const timer = setTimeout(() => reject(new Error(`only ${exits.length} of ${count} shards ended within ${timeoutMs} ms: ${JSON.stringify(exits)}`)), timeoutMs);
    fleet.onExit((e) => {
      exits.push(e);
      if (exits.length === count) {
        clearTimeout(timer);
        resolve(exits.sort((a, b) => a.index - b.index));
      }
    });
  });
}

describe.skipIf(!withCluster)(`kubernetesEngine on a cluster (image ${image}, namespace ${namespace}; STAMPEDE_K8S_IMAGE / STAMPEDE_K8S_NAMESPACE)${note}`, () => {
  it('2 shards send a few seconds of load to an in-cluster origin, end with code 0, and stop() removes the Job and its pods', { timeout: 300_000 }, async () => {
    const kc = new KubeConfig();
    kc.loadFromDefault();
    const core = kc.makeApiClient(CoreV1Api);
    const origin = `stampede-e2e-origin-${process.pid}`;
    const labels = { app: origin };
    await core.createNamespacedPod({
      namespace,
      body: {
        metadata: { name: origin, labels },
        spec: {
          containers: [{ name: 'origin', image, imagePullPolicy: 'IfNotPresent', args: ['backend', '--host', '0.0.0.0', '--port', '8080', '--allow-remote'], ports: [{ containerPort: 8080 }] }],
        },
      },
    });
    await core.createNamespacedService({ namespace, body: { metadata: { name: origin }, spec: { selector: labels, ports: [{ port: 8080, targetPort: 8080 }] } } });
    try {
      expect(kubectl(['wait', '--for=condition=Ready', `pod/${origin}`, '-n', namespace, '--timeout=120s'], undefined, 130_000).status).toBe(0);
      const runId = `e2e-${process.pid}`;
      const shardLoad = { url: `http://${origin}.${namespace}.svc:8080/items/{key}`, ratePerS: 20, durationS: 3, keys: 50 };
      const env = shardEnvVars({ shards: 2, runId, load: shardLoad, startAt: Date.now() + 60_000, allowRemote: true });
      const lines: string[] = [];
      const fleet = await kubernetesEngine({ image, namespace, cpu: '250m', memory: '256Mi', pollIntervalMs: 1000, log: (l) => lines.push(l) }).launch({ shards: 2, runId, env });
      try {
        expect(fleet.description).toContain(`job/${shardJobName(runId)} in namespace ${namespace}`);
        expect(await exitsOf(fleet, 2, 180_000)).toEqual([{ index: 0, code: 0 }, { index: 1, code: 0 }]);
        expect(lines[0]).toMatch(new RegExp(`^created job/${shardJobName(runId)} in namespace ${namespace} `));
        expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^shard 0 \(pod .*\): Succeeded/), expect.stringMatching(/^shard 1 \(pod .*\): Succeeded/)]));
      } finally {
        await fleet.stop();
      }
      expect(kubectl(['get', 'job', shardJobName(runId), '-n', namespace]).status).not.toBe(0);
      expect(kubectl(['get', 'pods', '-n', namespace, '-l', shardPodSelector(shardJobName(runId)), '-o', 'name']).stdout.trim()).toBe('');
      await fleet.stop(); // idempotent
    } finally {
      await core.deleteNamespacedService({ name: origin, namespace }).catch(() => undefined);
      await core.deleteNamespacedPod({ name: origin, namespace, gracePeriodSeconds: 0 }).catch(() => undefined);
    }
  });

  it('a shard that fails is an exit with code null and the pod\'s reason; the Job is deleted', { timeout: 200_000 }, async () => {
    const runId = `e2e-fail-${process.pid}`;
    // the contract broken on purpose: the shard exits 2 (STAMPEDE_SHARD_ENV) before sending anything
    const env = shardEnvVars({ shards: 1, runId, load, startAt: Date.now() });
    delete env[SHARD_ENV.load];
    const fleet = await kubernetesEngine({ image, namespace, cpu: '250m', memory: '256Mi' }).launch({ shards: 1, runId, env });
    try {
      const [exit] = await exitsOf(fleet, 1, 150_000);
      // FallbackToLogsOnError: the shard's own complaint is in the reason
      expect(exit).toMatchObject({ index: 0, code: null, reason: expect.stringMatching(/failed: .*exit code 2, .*STAMPEDE_SHARD_LOAD/) });
    } finally {
      await fleet.stop();
    }
    expect(kubectl(['get', 'job', shardJobName(runId), '-n', namespace]).status).not.toBe(0);
  });
});
