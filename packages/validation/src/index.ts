/**
 * @stampede/validation — checks at the boundary that the load generator, the fake origin and the scenarios share,
 * so each has one rule: which hosts and peers are loopback.
 */
export { isLoopbackAddress, isLoopbackHost } from './loopback.js';
