import { coldRestart } from './cold-restart.js';
import { FAULT_AT, type ScenarioDefinition } from './rig.js';

/** The same restart, with the hot set fetched before the cache serves again. */
export const warmRestart: ScenarioDefinition = {
  summary: 'hot set loaded before serving again',
  fault: 'restart-cache warm',
  mitigationOf: 'cold-restart',
  input: {
    ...coldRestart.input,
    name: 'warm-restart',
    title: 'Warm restart: the hot set loaded before serving',
    description:
      'The cold-restart fault done blue/green: a new cache instance fetches the 500 most popular keys (~93 % of ' +
      'requests) at 60/s, leaving the origin headroom for the live misses, while the old instance keeps serving; ' +
      'then it takes the traffic. This is what draining a node and warming it before it rejoins the pool does. ' +
      'Only the long tail misses afterwards. (Varnish and nginx restart in place: there the warm-up runs under ' +
      'live traffic and the restart event says underLiveTraffic.)',
    timeline: [{ at: FAULT_AT, action: 'restart-cache', mode: 'warm', warm: { topN: 500, ratePerS: 60 } }],
  },
};
