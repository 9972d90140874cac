import type { StampedeCommand } from './command.js';
import { backendCommand } from './backend.js';
import { capacityCommand } from './capacity.js';
import { compareCommand } from './compare.js';
import { gateCommand } from './gate.js';
import { k8sCommand } from './k8s.js';
import { listCommand } from './list.js';
import { loadCommand } from './load.js';
import { reportCommand } from './report.js';
import { runCommand } from './run.js';
import { shardCommand } from './shard.js';
import { mergeCommand } from './merge.js';
import { simulateCommand } from './simulate.js';
import { validateModelCommand } from './validate-model.js';

/** Every CLI command, in the order --help lists them. */
export const commands: StampedeCommand<any>[] = [
  runCommand,
  simulateCommand,
  validateModelCommand,
  compareCommand,
  capacityCommand,
  listCommand,
  reportCommand,
  gateCommand,
  mergeCommand,
  loadCommand,
  backendCommand,
  shardCommand,
  k8sCommand,
];
