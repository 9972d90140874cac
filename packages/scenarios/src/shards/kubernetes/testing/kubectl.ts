/**
 * kubectl, as the tests use it: the offline round trip through kubectl's own compiled-in batch/v1 and v1 types,
 * and whether a real cluster is reachable for `kubectl apply --dry-run=...` and the end-to-end test.
 *
 * The offline check: `kubectl set env --local -f - -o json` (Job) and `kubectl set selector --local` (Service)
 * need no server. They decode the manifest strictly into kubectl's typed objects (an unknown kind or a value of the
 * wrong type is an error) and print the typed object back. The decoder drops unknown fields silently, so the check
 * is that every field we wrote comes back with the same value: a misspelled or misplaced field fails it.
 */
import { spawnSync } from 'node:child_process';

export interface KubectlRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function kubectl(args: readonly string[], input?: string, timeoutMs = 20_000): KubectlRun {
  const r = spawnSync('kubectl', args, { input, encoding: 'utf8', timeout: timeoutMs });
  if (r.error) return { status: null, stdout: '', stderr: r.error.message };
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** the oldest kubectl whose compiled-in batch/v1 has every field the Job uses (completionMode is GA in 1.24) */
export const MIN_KUBECTL_MINOR = 24;

/** Why kubectl cannot do the offline check here (not installed, too old), or undefined when it can. */
export function kubectlUnusable(): string | undefined {
  const r = kubectl(['version', '--client', '-o', 'json'], undefined, 10_000);
  if (r.status !== 0) return 'no kubectl on PATH';
  const v = (JSON.parse(r.stdout) as { clientVersion?: { major?: string; minor?: string; gitVersion?: string } }).clientVersion;
  const minor = Number.parseInt(v?.minor ?? '', 10);
  if (v?.major !== '1' || !(minor >= MIN_KUBECTL_MINOR)) return `kubectl ${v?.gitVersion ?? '?'} is older than 1.${MIN_KUBECTL_MINOR}, whose types lack fields the Job uses`;
  return undefined;
}

export function hasKubectl(): boolean {
  return kubectlUnusable() === undefined;
}

/** True when KUBECONFIG (or ~/.kube/config) points at a cluster that answers within a few seconds. */
export function clusterReachable(): boolean {
  if (kubectl(['version', '--client'], undefined, 10_000).status !== 0) return false;
  return kubectl(['cluster-info', '--request-timeout=5s'], undefined, 8_000).status === 0;
}

/** the variable the round trip adds to the Job to make `kubectl set env` print it; removed before comparing */
export const ROUND_TRIP_VAR = 'STAMPEDE_KUBECTL_ROUND_TRIP';

/** The object kubectl decoded and printed back (without the round trip's own marks), or kubectl's error. */
export function kubectlRoundTrip(manifest: { kind?: string; spec?: { selector?: Record<string, string> } }): { object?: unknown; error?: string } {
  const json = JSON.stringify(manifest);
  let args: string[];
  if (manifest.kind === 'Service') {
    const selector = Object.entries(manifest.spec?.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
    args = ['set', 'selector', '--local', '-o', 'json', '-f', '-', selector];
  } else {
    args = ['set', 'env', '--local', '-o', 'json', '-f', '-', `${ROUND_TRIP_VAR}=1`];
  }
  const r = kubectl(args, json);
  if (r.status !== 0) return { error: r.stderr.trim() || `kubectl exited ${r.status}` };
  const object = JSON.parse(r.stdout) as { spec?: { template?: { spec?: { containers?: { env?: { name: string }[] }[] } } } };
  for (const c of object.spec?.template?.spec?.containers ?? []) {
    if (c.env) c.env = c.env.filter((e) => e.name !== ROUND_TRIP_VAR);
  }
  return { object };
}
