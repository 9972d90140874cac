/**
 * A Service that gives the shards the address they were told to load (`--target-url`): the in-cluster cache
 * under test, selected by its pods' labels. The Service's name, namespace and port are read from the target URL
 * (`http://<service>[.<namespace>[.svc[.<cluster domain>]]][:port]`), so the manifests and the load cannot
 * disagree. Useful when the cache runs as a bare Deployment/StatefulSet without a Service, or to aim the test at
 * a subset of its pods (one zone, a canary) without touching the production Service. Pure.
 *
 * The shards themselves need no Service: they reach out to the controller and to the cache; nothing calls them.
 */
import type { V1Service } from '@kubernetes/client-node';
import { UsageError } from '../../usage/usage-error.js';
import { isDnsLabel, isLabelValue, runIdLabel } from './shard-job-name.js';
import { STAMPEDE_LABELS } from './render-shard-job.js';

export interface TargetServiceOptions {
  /** the load's target, e.g. http://stampede-cache.default.svc:6081 */
  targetUrl: string;
  /** used when the target URL's host does not name the namespace (none: left to kubectl apply -n) */
  namespace?: string;
  /** the labels of the cache's pods (`--service-selector app=varnish`) */
  selector: Readonly<Record<string, string>>;
  /** the pods' port, when it differs from the URL's */
  targetPort?: number;
  runId: string;
}

export interface TargetServiceAddress {
  name: string;
  namespace?: string;
  port: number;
}

/**
 * The Service the target URL names.
 * @throws UsageError when the URL is not http, or its host cannot be a Service's DNS name
 */
export function targetServiceAddress(targetUrl: string): TargetServiceAddress {
  let url: URL;
  try {
    url = new URL(targetUrl);
  } catch {
    throw new UsageError([`--target-url must be a URL such as http://my-cache.default.svc:6081 (got ${JSON.stringify(targetUrl)})`]);
  }
  if (url.protocol !== 'http:') throw new UsageError([`--target-url must be http:// (the shards send plain HTTP to the cache; got ${url.protocol})`]);
  const [name = '', namespace, svc, ...domain] = url.hostname.split('.');
  const shapeOk = isDnsLabel(name) && (namespace === undefined || (isDnsLabel(namespace) && (svc === undefined || (svc === 'svc' && domain.every(isDnsLabel)))));
  if (!shapeOk || /^\d+$/.test(name)) {
    throw new UsageError([
      `--service needs --target-url to name the Service it renders: http://<service>[.<namespace>.svc][:port] (got host ${url.hostname})`,
    ]);
  }
  return { name, ...(namespace !== undefined ? { namespace } : {}), port: url.port === '' ? 80 : Number(url.port) };
}

export function renderService(options: TargetServiceOptions): V1Service {
  const address = targetServiceAddress(options.targetUrl);
  const problems: string[] = [];
  const entries = Object.entries(options.selector);
  if (entries.length === 0) problems.push('--service needs --service-selector KEY=VALUE[,KEY=VALUE]: the labels of the cache pods the Service sends to');
  for (const [key, value] of entries) {
    if (!isLabelValue(value)) problems.push(`--service-selector ${key}=${value}: the value must be a label value (63 characters at most, alphanumeric at both ends)`);
  }
  if (options.targetPort !== undefined && !(Number.isInteger(options.targetPort) && options.targetPort >= 1 && options.targetPort <= 65535)) {
    problems.push(`--service-target-port must be a port 1-65535 (got ${options.targetPort})`);
  }
  if (problems.length > 0) throw new UsageError(problems);
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: address.name,
      ...((address.namespace ?? options.namespace) !== undefined ? { namespace: address.namespace ?? options.namespace } : {}),
      labels: {
        [STAMPEDE_LABELS.name]: 'stampede',
        [STAMPEDE_LABELS.component]: 'target',
        [STAMPEDE_LABELS.runId]: runIdLabel(options.runId),
      },
    },
    spec: {
      type: 'ClusterIP',
      selector: { ...options.selector },
      ports: [{ name: 'http', protocol: 'TCP', port: address.port, targetPort: options.targetPort ?? address.port }],
    },
  };
}
