/**
 * Which responses a TTL override applies to, in every adapter: the statuses caches store by default (RFC 9110
 * heuristically cacheable, plus 302). Errors keep the origin's rules, so an override never starts caching 503s.
 */
export const TTL_OVERRIDE_STATUSES: readonly number[] = Object.freeze([200, 203, 204, 300, 301, 302, 404, 410]);
