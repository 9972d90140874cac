import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** uPlot's browser build and stylesheet, to inline into report.html. */
export interface UplotAssets {
  js: string;
  css: string;
  version: string;
}

/**
 * Reads the installed uplot package's dist files (resolved from this module, so it works from src and dist).
 * The build's banner comment carries the project URL; it is replaced by name, version and licence so the
 * report file holds no URL at all.
 */
export function readUplotAssets(): UplotAssets {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve('uplot/package.json');
  const version = (JSON.parse(readFileSync(pkgPath, 'utf8')) as { version: string }).version;
  const dist = join(dirname(pkgPath), 'dist');
  const js = readFileSync(join(dist, 'uPlot.iife.min.js'), 'utf8').replace(
    /^\/\*![^*]*\*\//,
    `/*! uPlot v${version} | MIT License | (c) Leon Sorokin */`,
  );
  const css = readFileSync(join(dist, 'uPlot.min.css'), 'utf8');
  return { js, css, version };
}
