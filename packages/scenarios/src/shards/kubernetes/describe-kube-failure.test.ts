import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { describeKubeFailure } from './describe-kube-failure.js';

const ctx = { action: 'create job/stampede-r', server: 'https://10.0.0.1:6443', context: 'prod', namespace: 'load' };
const status = (code: number, message: string) => new ApiException(code, `HTTP-Code: ${code}`, JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, code }), {});

describe('describeKubeFailure', () => {
  it.each([
    [status(401, 'Unauthorized'), /rejected the credentials \(HTTP 401: Unauthorized\).*kubectl auth whoami/],
    [new ApiException(401, 'Unauthorized', undefined, {}), /rejected the credentials \(HTTP 401\); /],
    [
      status(403, 'jobs.batch is forbidden: User "dev" cannot create resource "jobs" in API group "batch" in the namespace "load"'),
      /forbidden in namespace load \(jobs.batch is forbidden: User "dev".*kubectl auth can-i create jobs -n load/,
    ],
    [status(404, 'namespaces "load" not found'), /namespaces "load" not found.*kubectl create namespace load/],
    [status(409, 'jobs.batch "stampede-r" already exists'), /already exists.*kubectl delete job\/stampede-r -n load.*--run-id/],
    [status(422, 'Job.batch "stampede-r" is invalid: spec.template.spec.containers[0].image: Required value'), /refused the manifest \(Job.batch .*image: Required value\)/],
    [status(500, 'etcdserver: request timed out'), /answered HTTP 500 \(etcdserver: request timed out\)/],
    [Object.assign(new Error('request to https://10.0.0.1:6443/apis failed, reason: connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), /cannot reach the Kubernetes API at https:\/\/10.0.0.1:6443 \(context prod\): ECONNREFUSED; .*kubectl cluster-info/],
    [Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), /TLS with .* failed \(DEPTH_ZERO_SELF_SIGNED_CERT/],
    [new Error('HTTP protocol is not allowed when skipTLSVerify is not set or false'), /is plain http, .*insecure-skip-tls-verify: true/],
    [new Error('exec: executable aws not found'), /failed: exec: executable aws not found/],
  ])('%#', (err, expected) => {
    const text = describeKubeFailure(err, ctx);
    expect(text).toMatch(expected);
    expect(text.startsWith('create job/stampede-r')).toBe(true);
  });
});
