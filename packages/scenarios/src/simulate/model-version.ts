/**
 * Version of the simulator's model, recorded in every simulated report. Bump it whenever a change can move a
 * simulated number for the same spec (a new behaviour, a changed order of events), so a comparison between
 * simulated reports can tell model drift from a change in the scenario.
 */
export const MODEL_VERSION = 'sim-12';
