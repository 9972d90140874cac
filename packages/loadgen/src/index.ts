export type * from './result.js';
export type * from './spec.js';
