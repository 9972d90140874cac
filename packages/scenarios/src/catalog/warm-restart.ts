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
      'The cold-restart fault, but the cache fetches the 200 most popular keys (~84 % of requests) at 90/s, ' +
      'within the origin\'s capacity, before it serves again — what draining a node and warming it before it ' +
      'rejoins the pool does. Only the long tail misses afterwards.',
    timeline: [{ at: FAULT_AT, action: 'restart-cache', mode: 'warm', warm: { topN: 200, ratePerS: 90 } }],
  },
};
