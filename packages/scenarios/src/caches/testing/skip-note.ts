/** Whether a real cache binary is here; when it is not, its suite is skipped with a note saying how to run it. */
import { hasBinary } from '../process/find-binary.js';

export function binaryAvailable(binaries: readonly string[], installCommand: string): boolean {
  const missing = binaries.filter((b) => !hasBinary(b));
  if (missing.length > 0) {
    console.warn(`[stampede] skipping ${missing.join(', ')} tests: not installed (${installCommand}; CI installs it)`);
    return false;
  }
  return true;
}
