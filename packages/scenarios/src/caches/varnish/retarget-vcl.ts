/**
 * Points a user's VCL at stampede's origin without changing anything else it does. Pure: one file's text in, the
 * rewritten text and what was changed out (vcl-file-set.ts reads and writes the files, includes included).
 *
 * - every `backend NAME { ... }` gets `.host`/`.port` of the origin: `.host`, `.port` and `.path` (a Unix socket)
 *   are replaced, `.proxy_header` and `.preamble` (bytes our origin would read as a broken request) are dropped;
 *   `backend NAME none;` is left alone. Directors (vmod_directors, `.add_backend(NAME)` in vcl_init) then balance
 *   over backends that all point at the origin.
 * - every probe (`.probe = { ... }` in a backend, `probe NAME { ... }`) asks the origin's health path: `.url` and
 *   `.request` become `.url = "<healthPath>"`, `.expected_response` is dropped (the health path answers 200).
 * - `include "..."` strings are replaced through `includes` (the caller's map to the rewritten copies).
 * - `prelude` (VCL text without newlines) goes right after the `vcl 4.x;` declaration, before the user's code: VCL
 *   concatenates same-named subs in source order, so a prelude's `sub vcl_deliver` runs before the user's.
 * Every edit keeps the number of newlines it replaces, so varnishd's line numbers in the copy are the user's.
 */
import { tokenizeVcl, type VclToken } from './vcl-tokens.js';

export interface RetargetedBackend {
  name: string;
  /** where it pointed: `host:port`, `[v6]:port`, or the socket path */
  was: string;
  /** it has a health probe (its own, a named one, or `probe default`), now asking the origin's health path */
  probe: boolean;
  /** fields removed because the origin cannot take them (`proxy_header`, `preamble`) */
  dropped?: string[];
}

export interface VclRewrite {
  text: string;
  backends: RetargetedBackend[];
  /** `backend NAME none;` declarations, left alone */
  noneBackends: string[];
  /** named probes declared in this file (`default` applies to every backend without its own) */
  probes: string[];
  /** false when no `vcl 4.x;` declaration opens the file (then the prelude is not inserted) */
  hasVersion: boolean;
}

export interface IncludeRef {
  /** the include string as written */
  path: string;
  /** 1-based line of the include, for messages */
  line: number;
}

export interface RetargetOptions {
  originHost: string;
  originPort: number;
  healthPath: string;
  /** include string as written -> path to write instead; includes not in the map are left as they are */
  includes?: ReadonlyMap<string, string>;
  /** VCL inserted after the version declaration; must not contain newlines */
  prelude?: string;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

interface Field {
  name: string;
  /** from the `.` to the `;` (or the closing `}` of a block value), inclusive */
  start: number;
  end: number;
  /** value tokens: the string(s) or name up to `;`, or the block's tokens between its braces */
  value: VclToken[];
  /** for a `{ ... }` value: index of its `{` and `}` tokens */
  block?: { open: number; close: number };
}

/** The `include "..."` statements of a VCL file, in order. */
export function listIncludes(src: string): IncludeRef[] {
  const tokens = tokenizeVcl(src);
  return includeStrings(tokens).map((i) => ({ path: (tokens[i] as VclToken).value, line: lineOf(src, (tokens[i] as VclToken).start) }));
}

export function retargetVcl(src: string, o: RetargetOptions): VclRewrite {
  const tokens = tokenizeVcl(src);
  const edits: Edit[] = [];
  const backends: RetargetedBackend[] = [];
  const noneBackends: string[] = [];
  const probes: string[] = [];
  const origin = `.host = "${vclHost(o.originHost)}"; .port = "${o.originPort}";`;
  const health = `.url = "${o.healthPath}";`;

  const rewriteProbe = (fields: Field[], open: VclToken): void => {
    for (const f of fields) if (['url', 'request', 'expected_response'].includes(f.name)) edits.push({ start: f.start, end: f.end, text: '' });
    edits.push({ start: open.end, end: open.end, text: ` ${health}` });
  };

  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as VclToken;
    if (t.kind === 'punct' && t.text === '{') depth += 1;
    else if (t.kind === 'punct' && t.text === '}') depth = Math.max(0, depth - 1);
    if (depth !== 0 || t.kind !== 'ident') continue;
    const name = tokens[i + 1];
    const after = tokens[i + 2];
    if (name?.kind !== 'ident' || after === undefined) continue;
    if (t.text === 'backend' && after.kind === 'ident' && after.text === 'none') {
      noneBackends.push(name.text);
      continue;
    }
    if ((t.text !== 'backend' && t.text !== 'probe') || after.text !== '{') continue;
    const close = matchingBrace(tokens, i + 2);
    const fields = parseFields(tokens, i + 3, close);
    if (t.text === 'probe') {
      probes.push(name.text);
      rewriteProbe(fields, after);
    } else {
      const get = (k: string) => fields.find((f) => f.name === k);
      const dropped: string[] = [];
      for (const f of fields) {
        if (['host', 'port', 'path'].includes(f.name)) edits.push({ start: f.start, end: f.end, text: '' });
        if (f.name === 'proxy_header' || f.name === 'preamble') {
          edits.push({ start: f.start, end: f.end, text: '' });
          dropped.push(f.name);
        }
      }
      edits.push({ start: after.end, end: after.end, text: ` ${origin}` });
      const probe = get('probe');
      if (probe?.block !== undefined) {
        rewriteProbe(parseFields(tokens, probe.block.open + 1, probe.block.close), tokens[probe.block.open] as VclToken);
      }
      backends.push({
        name: name.text,
        was: describeAddress(stringValue(get('host')), stringValue(get('port')), stringValue(get('path'))),
        probe: probe !== undefined,
        ...(dropped.length > 0 ? { dropped } : {}),
      });
    }
    i = close;
  }

  if (o.includes !== undefined) {
    for (const i of includeStrings(tokens)) {
      const s = tokens[i] as VclToken;
      const to = o.includes.get(s.value);
      if (to !== undefined) edits.push({ start: s.start, end: s.end, text: `"${to}"` });
    }
  }

  const version = tokens[0]?.kind === 'ident' && tokens[0].text === 'vcl' && tokens[2]?.text === ';' ? (tokens[2] as VclToken) : undefined;
  if (version !== undefined && o.prelude !== undefined && o.prelude !== '') {
    edits.push({ start: version.end, end: version.end, text: ` ${o.prelude}` });
  }
  return { text: applyEdits(src, edits), backends, noneBackends, probes, hasVersion: version !== undefined };
}

/** `host:port` as a user would write it: the port inside .host wins, IPv6 in brackets, default port 80 */
export function describeAddress(host: string | undefined, port: string | undefined, path: string | undefined): string {
  if (host === undefined) return path ?? '(no address)';
  if (/^\[.*\]:\d+$/.test(host) || /^[^:]+:\d+$/.test(host)) return host;
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `${h}:${port ?? '80'}`;
}

/** host as written inside a VCL string: IPv6 without brackets */
export function vclHost(host: string): string {
  return host.replace(/^\[(.*)\]$/, '$1');
}

/** indexes of the string tokens of `include "..." ;` (also `include +glob "..."`) */
function includeStrings(tokens: readonly VclToken[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as VclToken;
    if (t.kind !== 'ident' || t.text !== 'include') continue;
    let j = i + 1;
    if (tokens[j]?.text === '+' && tokens[j + 1]?.kind === 'ident') j += 2;
    if (tokens[j]?.kind === 'string' && tokens[j + 1]?.text === ';') out.push(j);
  }
  return out;
}

/** index of the `}` closing the `{` at `open` (or the last token when unbalanced) */
function matchingBrace(tokens: readonly VclToken[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i] as VclToken;
    if (t.kind !== 'punct') continue;
    if (t.text === '{') depth += 1;
    else if (t.text === '}' && --depth === 0) return i;
  }
  return tokens.length - 1;
}

/** `.name = value;` and `.name = { ... }` fields between tokens[from] and tokens[to] (exclusive) */
function parseFields(tokens: readonly VclToken[], from: number, to: number): Field[] {
  const fields: Field[] = [];
  let i = from;
  while (i < to) {
    const dot = tokens[i] as VclToken;
    const name = tokens[i + 1];
    const eq = tokens[i + 2];
    if (dot.text !== '.' || name?.kind !== 'ident' || eq?.text !== '=') {
      i += 1;
      continue;
    }
    const first = tokens[i + 3];
    if (first?.text === '{') {
      const close = matchingBrace(tokens, i + 3);
      fields.push({ name: name.text, start: dot.start, end: (tokens[close] as VclToken).end, value: tokens.slice(i + 4, close), block: { open: i + 3, close } });
      i = close + 1;
      continue;
    }
    let j = i + 3;
    while (j < to && tokens[j]?.text !== ';') j += 1;
    const endToken = (j < to ? tokens[j] : tokens[j - 1]) as VclToken;
    fields.push({ name: name.text, start: dot.start, end: endToken.end, value: tokens.slice(i + 3, j) });
    i = j + 1;
  }
  return fields;
}

function stringValue(f: Field | undefined): string | undefined {
  if (f === undefined) return undefined;
  return f.value.map((t) => (t.kind === 'string' ? t.value : t.text)).join('');
}

/** Apply non-overlapping edits; each keeps the newlines of the text it replaces, so line numbers do not move. */
function applyEdits(src: string, edits: Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.start < at) continue; // overlapping: the first edit of a range wins
    const removed = src.slice(e.start, e.end);
    out += src.slice(at, e.start) + e.text + '\n'.repeat(removed.split('\n').length - 1);
    at = e.end;
  }
  return out + src.slice(at);
}

function lineOf(src: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (src.charCodeAt(i) === 10) line += 1;
  return line;
}
