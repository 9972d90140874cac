import type { StampedeCommand } from './command.js';
import { backendCommand } from './backend.js';
import { loadCommand } from './load.js';

/** Every CLI command, in the order --help lists them. */
export const commands: StampedeCommand<any>[] = [backendCommand, loadCommand];
