/**
 * The scenario one side of a comparison runs: the scenario resolved as `stampede run` resolves it, with that side's
 * cache configuration applied and validated like a spec file. Problems name the flag (`--a "varnish:grace=30s"`)
 * instead of the run flags the configuration is implemented with.
 */
import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { SpecError } from '../scenario-spec/errors.js';
import type { ScenarioOverrides } from '../scenario-spec/overrides.js';
import { resolveScenario } from '../scenario-spec/resolve.js';
import type { ScenarioSpec } from '../scenario-spec/types.js';
import { validateScenario } from '../scenario-spec/validate.js';
import { UsageError } from '../usage/usage-error.js';
import { configOverrides, hasExtraCacheSettings, withCacheSettings } from './apply-cache-config.js';
import type { CacheConfig } from './parse-cache-config.js';

/** The run flags applyOverrides attributes problems to, as resolveScenario words them. */
const RUN_FLAG_ATTRIBUTION = /\(from --(?:cache|vcl|nginx-conf|coalescing) [^)]*\)/g;

/**
 * @throws UsageError when the configuration's file cannot be read; SpecError (naming the flag) when the scenario with
 * the configuration applied is invalid.
 */
export async function resolveCompareSpec(
  scenario: string,
  config: CacheConfig,
  flag: string,
  base: ScenarioOverrides = {},
  cwd = process.cwd(),
): Promise<ScenarioSpec> {
  const named = `${flag} ${JSON.stringify(config.source)}`;
  if (config.file !== undefined) {
    const path = resolve(cwd, config.file);
    try {
      await access(path);
    } catch {
      throw new UsageError([`${named}: ${path} cannot be read (no such file?)`]);
    }
  }
  const subject = `scenario ${JSON.stringify(scenario)} with ${named}`;
  const retag = (err: SpecError): SpecError =>
    new SpecError(err.problems.map((p) => p.replace(RUN_FLAG_ATTRIBUTION, `(from ${flag})`)), subject, { cause: err });
  // The scenario on its own first: a bad name or file is reported as `stampede run` reports it; anything wrong
  // after that comes from this side's configuration.
  await resolveScenario(scenario, base, { cwd });
  let spec: ScenarioSpec;
  try {
    spec = await resolveScenario(scenario, configOverrides(config, base), { cwd });
  } catch (err) {
    if (err instanceof SpecError) throw retag(err);
    throw err;
  }
  if (!hasExtraCacheSettings(config)) return spec;
  try {
    return validateScenario(withCacheSettings(spec, config), { subject });
  } catch (err) {
    if (err instanceof SpecError) throw retag(err);
    throw err;
  }
}
