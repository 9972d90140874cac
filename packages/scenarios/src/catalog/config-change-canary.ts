import { configChange } from './config-change.js';
import { FAULT_AT, type ScenarioDefinition } from './rig.js';

/** The same bad change, rolled back after a 2-second canary bake. */
export const configChangeCanary: ScenarioDefinition = {
  summary: 'same deploy, rolled back by a canary',
  fault: 'reload-cache-config ttlOverrideS 0 (rolled back after 2 s)',
  mitigationOf: 'config-change',
  input: {
    ...configChange.input,
    name: 'config-change-canary',
    title: 'Config change with a canary: rolled back after 2 s',
    description:
      'The config-change deploy with an automatic canary: the origin\'s load is watched for 2 s after the change ' +
      'and the change is rolled back when it climbs. Only the objects that expired during those 2 s became ' +
      'uncacheable, so the origin sees a bounded bump instead of the full request rate.',
    timeline: [
      { at: FAULT_AT, action: 'reload-cache-config', ttlOverrideS: 0 },
      { at: '14s', action: 'reload-cache-config', ttlOverrideS: null },
    ],
  },
};
