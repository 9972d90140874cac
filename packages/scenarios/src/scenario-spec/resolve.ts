/**
 * resolveScenario: what `stampede run <scenario|file>` runs. A built-in name from the catalog or a spec file, with
 * the command-line overrides applied before validation, files it names checked, then validated and frozen.
 */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { catalog, getScenario } from '../catalog/index.js';
import { closest } from './did-you-mean.js';
import { SpecError } from './errors.js';
import { loadSpecFile, SPEC_EXTENSIONS } from './load-file.js';
import { applyOverrides, attributeToOverrides, type ScenarioOverrides } from './overrides.js';
import type { ScenarioSpec } from './types.js';
import { validateScenario } from './validate.js';

export interface ResolveOptions {
  /** base of relative paths given as overrides and of the file argument; default process.cwd() */
  cwd?: string;
}

/** True when the argument names a file rather than a built-in scenario. */
export function looksLikePath(nameOrPath: string): boolean {
  return /[\\/]/.test(nameOrPath) || SPEC_EXTENSIONS.some((e) => nameOrPath.toLowerCase().endsWith(e));
}

/**
 * A validated, frozen scenario.
 * @throws SpecError (code STAMPEDE_SPEC): unknown scenario name (with the closest built-in and the list), missing
 * or unparsable file, or every validation problem of the spec with the overrides applied.
 */
export async function resolveScenario(
  nameOrPath: string,
  overrides: ScenarioOverrides = {},
  options: ResolveOptions = {},
): Promise<ScenarioSpec> {
  const cwd = options.cwd ?? process.cwd();
  let raw: unknown;
  let subject: string;
  if (looksLikePath(nameOrPath)) {
    const file = resolve(cwd, nameOrPath);
    raw = await loadSpecFile(file);
    subject = `scenario file ${file}`;
  } else {
    const entry = getScenario(nameOrPath);
    if (entry === undefined) throw unknownScenario(nameOrPath);
    // A validated spec is itself valid input: overrides apply to it like to a file.
    raw = entry.spec;
    subject = `scenario "${nameOrPath}"`;
  }
  const local: ScenarioOverrides = { ...overrides };
  if (local.vclFile !== undefined && !isAbsolute(local.vclFile)) local.vclFile = resolve(cwd, local.vclFile);
  if (local.nginxConfFile !== undefined && !isAbsolute(local.nginxConfFile)) {
    local.nginxConfFile = resolve(cwd, local.nginxConfFile);
  }
  const input = applyOverrides(raw, local);
  const fileProblems = missingFiles(input);
  let spec: ScenarioSpec;
  try {
    spec = validateScenario(input, { subject });
  } catch (err) {
    if (!(err instanceof SpecError)) throw err;
    throw new SpecError(attributeToOverrides([...err.problems, ...fileProblems], local), subject, { cause: err });
  }
  if (fileProblems.length > 0) throw new SpecError(attributeToOverrides(fileProblems, local), subject);
  return spec;
}

function unknownScenario(name: string): SpecError {
  const names = catalog.map((e) => e.spec.name);
  const guess = closest(name, names);
  return new SpecError(
    [
      `unknown scenario "${name}"${guess === undefined ? '' : `; did you mean ${guess}?`} ` +
        `Built-in scenarios: ${names.join(', ')}. ` +
        `To run a spec file, give its path (${SPEC_EXTENSIONS.slice(0, 3).join(', ')}).`,
    ],
    'scenario name',
  );
}

/** vclFile / nginxConfFile that do not exist, in cache and in reload steps. */
function missingFiles(input: unknown): string[] {
  const problems: string[] = [];
  const check = (o: unknown, path: string) => {
    if (o === null || typeof o !== 'object') return;
    for (const k of ['vclFile', 'nginxConfFile']) {
      const v = (o as Record<string, unknown>)[k];
      if (typeof v !== 'string' || v === '') continue;
      if (!existsSync(v)) problems.push(`${path}.${k} names a file that does not exist: ${v}`);
      else if (!statSync(v).isFile()) problems.push(`${path}.${k} must name a file, not a directory: ${v}`);
    }
  };
  const raw = input as Record<string, unknown> | null;
  check(raw?.['cache'], 'cache');
  const timeline = raw?.['timeline'];
  if (Array.isArray(timeline)) timeline.forEach((s, i) => check(s, `timeline[${i}]`));
  return problems;
}
