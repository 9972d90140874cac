/**
 * nginx's stub_status page, as counters. Pure.
 *   Active connections: 2
 *   server accepts handled requests
 *    10 10 31
 *   Reading: 0 Writing: 1 Waiting: 1
 * Connection counts include the status request itself.
 */
export function parseStubStatus(text: string): Record<string, number> | undefined {
  const active = /Active connections:\s*(\d+)/.exec(text);
  const totals = /server accepts handled requests\s+(\d+)\s+(\d+)\s+(\d+)/.exec(text);
  const states = /Reading:\s*(\d+)\s+Writing:\s*(\d+)\s+Waiting:\s*(\d+)/.exec(text);
  if (active === null || totals === null || states === null) return undefined;
  return {
    active: Number(active[1]),
    accepts: Number(totals[1]),
    handled: Number(totals[2]),
    requests: Number(totals[3]),
    reading: Number(states[1]),
    writing: Number(states[2]),
    waiting: Number(states[3]),
  };
}
