/**
 * Names derived from a run id for what the kubernetes engine creates. Pure.
 *
 * An Indexed Job's pods are named `<job>-<index>-<5 random>` and get the hostname `<job>-<index>`; both must stay a
 * DNS-1123 label (63 characters at most), so the Job name is kept to 63 - len("-1023") - len("-abcde") = 52.
 */
import { createHash } from 'node:crypto';

/** the longest Job name whose pods' names and hostnames stay valid DNS labels for up to 1024 shards */
export const MAX_JOB_NAME_LENGTH = 52;

const PREFIX = 'stampede-';
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** True when `name` is a DNS-1123 label (what a Job, Service or namespace name must be here). */
export function isDnsLabel(name: string): boolean {
  return name.length <= 63 && DNS_LABEL.test(name);
}

/** True when `value` is a valid label value (63 characters at most, alphanumeric at both ends). */
export function isLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}

/**
 * The Job's name: `stampede-<run id>` when the run id is already a short lower-case DNS label; otherwise the run id
 * lower-cased, other characters turned into `-`, cut to fit, and a 6-hex digest of the full run id appended, so two
 * run ids never share a Job name by being cut or folded the same way.
 */
export function shardJobName(runId: string): string {
  const plain = `${PREFIX}${runId}`;
  if (plain.length <= MAX_JOB_NAME_LENGTH && DNS_LABEL.test(plain)) return plain;
  const digest = createHash('sha256').update(runId).digest('hex').slice(0, 6);
  const room = MAX_JOB_NAME_LENGTH - PREFIX.length - 1 - digest.length;
  const body = runId
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, room)
    .replace(/^-+|-+$/g, '');
  return body === '' ? `${PREFIX}${digest}` : `${PREFIX}${body}-${digest}`;
}

/** The run id as a label value (`stampede.dev/run-id`): unchanged when valid, else folded and cut (the annotation keeps it whole). */
export function runIdLabel(runId: string): string {
  if (isLabelValue(runId)) return runId;
  return runId
    .replace(/[^-A-Za-z0-9_.]+/g, '-')
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}
