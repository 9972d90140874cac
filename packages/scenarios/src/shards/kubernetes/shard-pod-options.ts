/**
 * Where and how the shard pods run on Kubernetes: image, namespace, resources per shard, cleanup. Shared by
 * `stampede k8s render` and the kubernetes engine; validated once, every problem at once, each naming its flag.
 */
import { z } from 'zod';
import { TOOL_VERSION } from '../../tool-version.js';
import { UsageError } from '../../usage/usage-error.js';
import { isDnsLabel } from './shard-job-name.js';

export const IMAGE_PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'] as const;
export type ImagePullPolicy = (typeof IMAGE_PULL_POLICIES)[number];

export interface ShardPodOptions {
  /** the image built from the repository's Dockerfile (ENTRYPOINT stampede, CMD shard) */
  image: string;
  imagePullPolicy: ImagePullPolicy;
  /** none: the manifests leave it to `kubectl apply -n` / kustomize; the engine takes the kubeconfig context's */
  namespace?: string;
  /** CPU per shard, request = limit (Guaranteed QoS: a load generator must not share its core unannounced) */
  cpu: string;
  /** memory per shard, request = limit */
  memory: string;
  /** the Job (and its pods) are garbage-collected this long after finishing, even if the controller died */
  ttlSecondsAfterFinished: number;
  /** the Job is failed and its pods stopped after this long, whatever happens to the controller */
  activeDeadlineSeconds?: number;
}

export type ShardPodOptionsInput = Partial<ShardPodOptions>;

export const SHARD_POD_DEFAULTS = Object.freeze({
  image: `stampede:${TOOL_VERSION}`,
  imagePullPolicy: 'IfNotPresent' as ImagePullPolicy,
  cpu: '1',
  memory: '512Mi',
  ttlSecondsAfterFinished: 600,
});

/** The flag each option comes from, named in problems. */
export const SHARD_POD_FLAGS: Readonly<Record<keyof ShardPodOptions, string>> = Object.freeze({
  image: '--image',
  imagePullPolicy: '--image-pull-policy',
  namespace: '--namespace',
  cpu: '--cpu',
  memory: '--memory',
  ttlSecondsAfterFinished: '--ttl-after-finished',
  activeDeadlineSeconds: '--active-deadline',
});

// Kubernetes quantities, restricted to the forms that make sense here: cores or millicores; bytes with a suffix.
const CPU = /^(\d+(\.\d{1,3})?|\d+m)$/;
const MEMORY = /^\d+(\.\d+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$/;
// An image reference: [registry[:port]/]path[:tag][@sha256:digest], no spaces, no upper case in the path.
const IMAGE = /^[a-z0-9]+([._:/-][a-z0-9]+)*(:[\w][\w.-]{0,127})?(@sha256:[0-9a-f]{64})?$/;

const schema = z.object({
  image: z.string().regex(IMAGE, { error: 'must be an image reference such as registry.example.com/stampede:0.1.0' }),
  imagePullPolicy: z.enum(IMAGE_PULL_POLICIES, { error: `must be one of ${IMAGE_PULL_POLICIES.join(', ')}` }),
  namespace: z.string().refine(isDnsLabel, { error: 'must be a DNS-1123 label (lower-case letters, digits, -; 63 at most)' }).optional(),
  cpu: z
    .string()
    .regex(CPU, { error: 'must be cores or millicores, e.g. 1, 0.5, 500m' })
    .refine((v) => Number.parseFloat(v) > 0, { error: 'must be more than 0' }),
  memory: z
    .string()
    .regex(MEMORY, { error: 'must be a byte quantity, e.g. 512Mi, 1Gi' })
    .refine((v) => Number.parseFloat(v) > 0, { error: 'must be more than 0' }),
  ttlSecondsAfterFinished: z.number().int({ error: 'must be whole seconds' }).min(0, { error: 'must be 0 or more seconds' }),
  activeDeadlineSeconds: z.number().int({ error: 'must be whole seconds' }).min(1, { error: 'must be 1 second or more' }).optional(),
});

/**
 * The options with defaults filled in.
 * @throws UsageError (code STAMPEDE_USAGE) naming every bad option by its flag, with the value given
 */
export function shardPodOptions(input: ShardPodOptionsInput = {}): ShardPodOptions {
  const defined = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  const candidate = { ...SHARD_POD_DEFAULTS, ...defined };
  const parsed = schema.safeParse(candidate);
  if (parsed.success) return Object.freeze(parsed.data) as ShardPodOptions;
  // one problem per option: the first (a value that is not a quantity need not also be told it is not positive)
  const firsts = parsed.error.issues.filter((issue, i, all) => all.findIndex((o) => o.path[0] === issue.path[0]) === i);
  throw new UsageError(
    firsts.map((issue) => {
      const key = issue.path[0] as keyof ShardPodOptions;
      return `${SHARD_POD_FLAGS[key] ?? String(key)} ${issue.message} (got ${JSON.stringify((candidate as Record<string, unknown>)[key])})`;
    }),
  );
}

/** Just the pod options out of a larger options object (the engine's), for shardPodOptions. */
export function pickPodOptions(o: ShardPodOptionsInput): ShardPodOptionsInput {
  return {
    image: o.image,
    imagePullPolicy: o.imagePullPolicy,
    namespace: o.namespace,
    cpu: o.cpu,
    memory: o.memory,
    ttlSecondsAfterFinished: o.ttlSecondsAfterFinished,
    activeDeadlineSeconds: o.activeDeadlineSeconds,
  };
}
