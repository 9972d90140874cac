export { ExitCode, exitCodeFor } from './exit-codes.js';
