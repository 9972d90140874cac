/**
 * Reading a spec file: YAML (.yaml, .yml), JSON (.json) or a module (.js, .mjs; .ts when running under tsx) whose
 * default export is the spec. Returns the raw spec, not yet validated, with the files it names (VCL, nginx config)
 * made absolute relative to the spec file's directory.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseDocument } from 'yaml';
import { SpecError } from './errors.js';
import { SCENARIO_NAME } from './schema.js';

export const SPEC_EXTENSIONS = Object.freeze(['.yaml', '.yml', '.json', '.js', '.mjs', '.ts']);

type Raw = Record<string, unknown>;

/**
 * Read and parse a spec file.
 * @throws SpecError (code STAMPEDE_SPEC): missing or unreadable file, unknown extension, syntax errors (each with
 * its line and column), a file that is not an object.
 */
export async function loadSpecFile(path: string): Promise<Raw> {
  const file = resolve(path);
  const ext = extname(file).toLowerCase();
  if (!SPEC_EXTENSIONS.includes(ext)) {
    throw new SpecError(
      [`${file} must end in ${SPEC_EXTENSIONS.join(', ')} (got ${ext === '' ? 'no extension' : JSON.stringify(ext)})`],
      'scenario file',
    );
  }
  const isText = ext === '.yaml' || ext === '.yml' || ext === '.json';
  const data = isText ? parseText(file, ext, await read(file)) : await importModule(file, ext);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    const got = data === null || data === undefined ? 'an empty file' : Array.isArray(data) ? 'a list' : typeof data;
    throw new SpecError(
      [`${file} must hold one scenario object with at least name and load (got ${got})`],
      'scenario file',
    );
  }
  const raw = data as Raw;
  // A file without a name is named after itself (my-purge.yaml -> my-purge) when that is a valid name.
  if (raw['name'] === undefined) {
    const stem = basename(file, extname(file));
    if (SCENARIO_NAME.test(stem)) return resolveFileRefs({ name: stem, ...raw }, dirname(file));
  }
  return resolveFileRefs(raw, dirname(file));
}

async function read(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file: check the path (built-in scenarios are listed by `stampede list`)'
        : code === 'EISDIR'
          ? 'it is a directory: name a .yaml, .yml or .json file'
          : code === 'EACCES'
            ? 'permission denied'
            : String((err as Error).message);
    throw new SpecError([`scenario file ${file}: ${why}`], 'scenario file', { cause: err });
  }
}

function parseText(file: string, ext: string, text: string): unknown {
  if (ext === '.json') {
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      const message = (err as Error).message;
      const pos = /position (\d+)/.exec(message);
      const where = pos ? ` at ${lineCol(text, Number(pos[1]))}` : '';
      throw new SpecError([`${file}: JSON syntax error${where}: ${message}`], 'scenario file', { cause: err });
    }
  }
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => {
      const where = e.linePos?.[0] ? ` at line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '';
      // prettyErrors appends " at line L, column C:" and a source excerpt; keep the sentence, say where once.
      const what = (e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
      return `${file}: YAML syntax error${where}: ${what}`;
    });
    throw new SpecError(problems, 'scenario file');
  }
  try {
    return doc.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (err) {
    throw new SpecError([`${file}: YAML error: ${(err as Error).message}`], 'scenario file', { cause: err });
  }
}

async function importModule(file: string, ext: string): Promise<unknown> {
  await read(file); // the same "not found" message as for YAML and JSON
  try {
    const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
    // A copy: the module's own object stays as it was (specs are plain data; functions are refused here).
    return mod.default === undefined ? undefined : structuredClone(mod.default);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const hint =
      ext === '.ts' && code === 'ERR_UNKNOWN_FILE_EXTENSION'
        ? 'TypeScript spec files need a TypeScript loader (node --import tsx); or write the spec as YAML or JSON'
        : (err as Error).message;
    throw new SpecError([`${file} could not be imported: ${hint}`], 'scenario file', { cause: err });
  }
}

/** "line L, column C" of a character offset. */
function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

/** Relative vclFile / nginxConfFile paths (in cache and in reload steps) are relative to the spec file. */
function resolveFileRefs(raw: Raw, dir: string): Raw {
  const fix = (o: unknown) => {
    if (o === null || typeof o !== 'object') return;
    const r = o as Raw;
    for (const k of ['vclFile', 'nginxConfFile']) {
      const v = r[k];
      if (typeof v === 'string' && v !== '' && !isAbsolute(v)) r[k] = resolve(dir, v);
    }
  };
  fix(raw['cache']);
  if (Array.isArray(raw['timeline'])) raw['timeline'].forEach(fix);
  return raw;
}
