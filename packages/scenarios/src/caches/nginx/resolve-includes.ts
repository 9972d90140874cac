/**
 * Read an nginx conf and inline its `include` directives, as nginx does at start-up, into one tree. The user's
 * files are only read.
 *
 * Where an include pattern is looked up (nginx: relative to the conf directory, i.e. the main file's directory;
 * absolute as is; wildcards expanded by glob(3), sorted, a wildcard matching nothing is fine, a plain path that
 * does not exist is an error):
 * - relative: in `confDir` (the main file's directory);
 * - a wildcard whose directory exists at the first place looked at matches there only (possibly nothing);
 * - absolute under the installed nginx's conf directory (`installedConfDir`, /etc/nginx on Debian) while the
 *   main file lives elsewhere: first at the same place in `confDir`, then as is. Teams keep a copy of their
 *   /etc/nginx in a repository and its files say `include /etc/nginx/sites-enabled/*;`: the copy is the tree
 *   meant, and what the copy lacks (mime.types, fastcgi_params...) comes from the installed nginx;
 * - a relative path missing from `confDir` is also looked up in `installedConfDir`, for the same reason.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { CacheOptionsError } from '../errors.js';
import { comment, parseNginxConf, type ConfDirective, type ConfNode } from './conf-syntax.js';

export interface IncludeOptions {
  /** nginx's conf directory: the main file's directory */
  confDir: string;
  /** the installed nginx's conf directory (dirname of `nginx -V`'s --conf-path), when known */
  installedConfDir?: string;
}

export interface LoadedConf {
  nodes: ConfNode[];
  /** every file read, the main file first */
  files: string[];
}

const MAX_DEPTH = 16;

function problem(message: string): CacheOptionsError {
  return new CacheOptionsError([{ path: 'nginxConfFile', message }]);
}

/** @throws CacheOptionsError for a missing file, a syntax error (file:line), an include cycle */
export async function loadNginxConf(file: string, options: IncludeOptions): Promise<LoadedConf> {
  const files: string[] = [];
  const nodes = await loadFile(file, options, files, []);
  return { nodes, files };
}

async function loadFile(file: string, options: IncludeOptions, files: string[], stack: string[]): Promise<ConfNode[]> {
  if (stack.includes(file)) throw problem(`include cycle: ${[...stack, file].join(' -> ')}`);
  if (stack.length >= MAX_DEPTH) throw problem(`includes nested deeper than ${MAX_DEPTH} at ${file}`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw problem(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  files.push(file);
  return inline(parseNginxConf(text, file), options, files, [...stack, file]);
}

async function inline(nodes: readonly ConfNode[], options: IncludeOptions, files: string[], stack: string[]): Promise<ConfNode[]> {
  const out: ConfNode[] = [];
  for (const node of nodes) {
    if (node.type === 'comment') {
      out.push(node);
      continue;
    }
    if (node.name === 'include' && node.block === undefined) {
      out.push(...(await expandInclude(node, options, files, stack)));
      continue;
    }
    out.push(node.block === undefined ? node : { ...node, block: await inline(node.block, options, files, stack) });
  }
  return out;
}

async function expandInclude(node: ConfDirective, options: IncludeOptions, files: string[], stack: string[]): Promise<ConfNode[]> {
  const where = `${node.file}:${node.line}`;
  if (node.args.length !== 1) throw problem(`include takes one argument (${where})`);
  const pattern = node.args[0]!.value;
  const matches = await resolvePattern(pattern, options);
  if (matches.length === 0 && !hasWildcard(pattern)) {
    throw problem(`include ${pattern} (${where}): no such file${isAbsolute(pattern) ? '' : ` in ${options.confDir}`}`);
  }
  const out: ConfNode[] = [comment(`stampede: include ${pattern} (${where}) -> ${matches.length === 0 ? 'nothing matched' : matches.join(', ')}`)];
  for (const m of matches) out.push(...(await loadFile(m, options, files, stack)));
  return out;
}

/** the files an include pattern names, per the lookup order in the header comment */
export async function resolvePattern(pattern: string, options: IncludeOptions): Promise<string[]> {
  const installed = options.installedConfDir;
  const candidates: string[] = [];
  if (!isAbsolute(pattern)) {
    candidates.push(join(options.confDir, pattern));
    if (installed !== undefined && installed !== options.confDir) candidates.push(join(installed, pattern));
  } else {
    if (installed !== undefined && options.confDir !== installed && isInside(pattern, installed)) {
      candidates.push(join(options.confDir, relative(installed, pattern)));
    }
    candidates.push(pattern);
  }
  for (const [i, c] of candidates.entries()) {
    const found = await glob(c);
    // A wildcard whose directory exists in the tree means that directory's files, even none: an empty conf.d/ in
    // the user's tree must not pull in the machine's.
    if (found.length > 0 || i === candidates.length - 1 || (hasWildcard(c) && (await isDir(staticPrefix(c))))) return found;
  }
  return [];
}

/** the directory part of a pattern before its first wildcard segment */
function staticPrefix(pattern: string): string {
  const segments = pattern.split(sep);
  const i = segments.findIndex(hasWildcard);
  return segments.slice(0, i).join(sep) || sep;
}

async function isDir(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

function isInside(path: string, dir: string): boolean {
  return path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

function hasWildcard(s: string): boolean {
  return /[*?[]/.test(s);
}

/** glob(3) for an absolute path: `*`, `?`, `[...]` per segment, no dotfiles unless asked, sorted; files only */
export async function glob(path: string): Promise<string[]> {
  if (!hasWildcard(path)) return (await isFile(path)) ? [path] : [];
  const segments = path.split(sep).filter((s) => s !== '');
  let dirs: string[] = [sep];
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const next: string[] = [];
    for (const dir of dirs) {
      if (!hasWildcard(seg)) {
        next.push(join(dir, seg));
        continue;
      }
      const re = segmentRegex(seg);
      let names: string[];
      try {
        names = await readdir(dir);
      } catch {
        continue;
      }
      for (const name of names.sort()) if (re.test(name)) next.push(join(dir, name));
    }
    dirs = next;
  }
  const files: string[] = [];
  for (const p of dirs) if (await isFile(p)) files.push(p);
  return files;
}

function segmentRegex(seg: string): RegExp {
  let re = seg.startsWith('.') ? '' : '(?!\\.)';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = seg.indexOf(']', i + 2);
      if (end === -1) re += '\\[';
      else {
        const body = seg.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
