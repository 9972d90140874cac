/** Convenience: start a run and wait for its result (the workers are gone when it resolves). */
import type { LoadResult } from './result.js';
import type { LoadSpecInput } from './spec.js';
import { startLoad } from './start-load.js';

export async function runLoad(input: LoadSpecInput): Promise<LoadResult> {
  const run = startLoad(input);
  try {
    return await run.done;
  } finally {
    await run.close();
  }
}
