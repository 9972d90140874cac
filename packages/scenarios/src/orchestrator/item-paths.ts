/** Where the fake origin's items live, as the load, the warm-up and the actions address them. */
export const ITEMS_PATH = '/items/';

/** the path of the key of popularity rank `rank` (1 = hottest), as the load generator names it */
export function keyPath(rank: number): string {
  return `${ITEMS_PATH}k${rank}`;
}

/** the path of an item key as an action names it */
export function pathOf(key: string): string {
  return `${ITEMS_PATH}${encodeURIComponent(key)}`;
}
