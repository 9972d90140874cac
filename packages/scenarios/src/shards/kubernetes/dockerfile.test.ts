/**
 * The repository's Dockerfile keeps up with the workspace: every package's manifest reaches both installs and its
 * dist/ the runtime image, and the entry point is the CLI the Job runs with args ["shard"]. (Building the image
 * needs a Docker daemon and the base image; see README.md for how it was checked.)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../../../', import.meta.url);
const dockerfile = readFileSync(new URL('Dockerfile', root), 'utf8');
const packages = readdirSync(new URL('packages/', root)).filter((p) => existsSync(new URL(`packages/${p}/package.json`, root)));
const [buildStage = '', runtimeStage = ''] = dockerfile.split(/^FROM .*$/m).slice(1);

describe('Dockerfile', () => {
  it('finds the workspace packages (a scan that finds none would pass vacuously)', () => {
    expect(packages).toEqual(expect.arrayContaining(['loadgen', 'fake-backend', 'scenarios', 'validation']));
  });

  it.each(packages)('%s: its package.json in both installs, its dist/ in the runtime image', (p) => {
    expect(buildStage).toContain(`COPY packages/${p}/package.json packages/${p}/`);
    expect(runtimeStage).toContain(`COPY packages/${p}/package.json packages/${p}/`);
    expect(runtimeStage).toContain(`COPY --from=build /app/packages/${p}/dist packages/${p}/dist`);
  });

  it('installs from the lockfile, runs as a numeric non-root user, and starts the CLI as a shard', () => {
    expect(buildStage).toContain('pnpm install --frozen-lockfile');
    expect(runtimeStage).toContain('pnpm install --frozen-lockfile --prod');
    expect(runtimeStage).toMatch(/^USER [1-9]\d*:\d+$/m);
    expect(runtimeStage).toContain('ENTRYPOINT ["node", "/app/packages/scenarios/bin/stampede.js"]');
    expect(existsSync(new URL('packages/scenarios/bin/stampede.js', root))).toBe(true);
    expect(runtimeStage).toContain('CMD ["shard"]');
  });
});
