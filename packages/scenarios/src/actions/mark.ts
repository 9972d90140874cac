import { defineAction } from './action-runner.js';

/** Nothing happens; the event marks a moment the analysis measures from (e.g. "the hot set expires now"). */
export const mark = defineAction('mark', async (action) => ({ label: action.label }));
