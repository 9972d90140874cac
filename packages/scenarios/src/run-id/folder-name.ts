/**
 * The default name of a results folder of a multi-run command (`20261123-120101-compare-global-purge`): sortable by
 * time like a run id (orchestrator/default-run-id.ts), then what it holds. Pure.
 */
export function folderName(what: string, scenario: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${what}-${scenario}`;
}
