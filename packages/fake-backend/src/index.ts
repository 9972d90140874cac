export type * from './options.js';
export type * from './stats.js';
