/**
 * What went wrong talking to the Kubernetes API, as one sentence with the cause and the fix. Pure over the error
 * @kubernetes/client-node throws: ApiException (an HTTP status and a Status body) or a network error from its
 * fetch (a `code` such as ECONNREFUSED, or a TLS code).
 */

export interface KubeCallContext {
  /** e.g. "create job/stampede-x" */
  action: string;
  /** the API server's URL */
  server: string;
  /** the kubeconfig context used */
  context: string;
  namespace: string;
}

interface ApiFailure {
  code: number;
  body?: unknown;
}

function isApiFailure(err: unknown): err is ApiFailure {
  // ApiException: a numeric HTTP status in `code`; network errors carry a string code instead
  return typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'number';
}

/** The API's own message: the Status body's `message`, which names the field, the quota or the missing verb. */
function statusMessage(body: unknown): string | undefined {
  let value: unknown = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return body.trim() === '' ? undefined : body.trim();
    }
  }
  const message = (value as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message !== '' ? message : undefined;
}

export function describeKubeFailure(err: unknown, ctx: KubeCallContext): string {
  const where = `the Kubernetes API at ${ctx.server} (context ${ctx.context})`;
  if (isApiFailure(err)) {
    // ApiException's own message repeats the headers: the Status message alone says what matters
    const detail = statusMessage(err.body);
    const said = detail ?? `HTTP ${err.code}`;
    switch (err.code) {
      case 401:
        return `${ctx.action}: ${where} rejected the credentials (HTTP 401${detail !== undefined ? `: ${detail}` : ''}); refresh them (e.g. log in to the cloud CLI again) and check with kubectl auth whoami`;
      case 403:
        return `${ctx.action}: forbidden in namespace ${ctx.namespace} (${said}); the user needs create/delete on jobs and list on pods there (kubectl auth can-i create jobs -n ${ctx.namespace}), or pick another --namespace`;
      case 404:
        return `${ctx.action}: not found (${said}); does namespace ${ctx.namespace} exist? (kubectl create namespace ${ctx.namespace}, or --namespace)`;
      case 409:
        return `${ctx.action}: already exists (${said}); a run with this run id is still going or was left behind: delete it (kubectl delete ${ctx.action.split(' ').pop()} -n ${ctx.namespace}) or give another --run-id`;
      case 422:
        return `${ctx.action}: the API refused the manifest (${said}); check --image, --cpu, --memory (stampede k8s render prints what was sent)`;
      default:
        return `${ctx.action}: ${where} answered HTTP ${err.code} (${said})`;
    }
  }
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'ETIMEDOUT' || code === 'ECONNRESET' || code === 'EAI_AGAIN') {
    return `${ctx.action}: cannot reach ${where}: ${code}; check that KUBECONFIG names the cluster you mean and that it is up (kubectl cluster-info)`;
  }
  if (code !== undefined && /CERT|SIGNATURE|SSL|TLS/.test(code)) {
    return `${ctx.action}: TLS with ${where} failed (${code}: ${message}); the kubeconfig's certificate-authority data does not match the server`;
  }
  if (/HTTP protocol is not allowed/.test(message)) {
    // client-node refuses a plain-http server (kubectl proxy's http://127.0.0.1:8001) unless told TLS is off
    return `${ctx.action}: ${where} is plain http, which @kubernetes/client-node refuses unless the cluster entry has insecure-skip-tls-verify: true (kubectl config set-cluster NAME --insecure-skip-tls-verify=true), or use the https server`;
  }
  return `${ctx.action}: ${where} failed: ${message}`;
}
