import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources; the CLI and worker threads run the built JS.
    alias: {
      '@stampede/loadgen': src('loadgen'),
      '@stampede/fake-backend': src('fake-backend'),
      '@stampede/validation': src('validation'),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/bench/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores: real servers and worker threads in parallel files would make timing-sensitive
    // end-to-end tests flaky. Files run one at a time; tests inside a file stay sequential.
    fileParallelism: false,
    // CI also writes a JSON summary, from which .ci/run prints a plain "N passed, N failed" closing line.
    reporters: process.env.CI === 'true' ? ['default', 'json'] : ['default'],
    outputFile: { json: '.tmp/vitest-results.json' },
  },
});
