/**
 * A user's nginx configuration, as it is, turned into one that runs privately in front of stampede's origin. Pure:
 * tree in (includes already inlined, resolve-includes.ts), tree out, plus what was changed.
 *
 * Two shapes are accepted: a whole nginx.conf (`context: 'main'`, it has `events`/`http`) and an http-context
 * fragment without placeholders (`context: 'http'`, included by stampede's own nginx.conf, renderMainConf).
 *
 * What changes, and why:
 * - backends: every `server` of every `upstream` block points at the origin (weights, max_fails, keepalive,
 *   `backup`/`down` flags and the balancing method are kept; `resolve`/`service=` are dropped: they need a
 *   resolver); every `proxy_pass` to a literal host[:port] (or a unix: socket, or a host made of variables such as
 *   `http://$backend$request_uri`) points at the origin with its URI part kept; a `proxy_pass` naming an upstream
 *   block is kept as written. `https://` becomes `http://` (the origin speaks plain HTTP) and `proxy_ssl_*` go.
 *   A proxy_pass whose whole URL is a variable (`proxy_pass $url;`) cannot be retargeted: refused, naming it.
 * - servers: a server that proxies (a `proxy_pass` anywhere inside) keeps everything but its `listen`s, replaced
 *   by one `listen 127.0.0.1:<stampede's port>` (`default_server` kept on the first server that had it, so
 *   nginx picks the same server for stampede's requests as for production's unknown Host); TLS is dropped rather
 *   than refused: stampede's load speaks plain HTTP on loopback, so `ssl`/`http2`/`quic` directives and every
 *   `ssl_*` go (the certificate files are not on this machine anyway). A server that does not proxy (the Debian
 *   default site serving /var/www/html, an HTTP->HTTPS redirect) is left out. No proxying server left -> refused.
 * - cache paths: every `proxy_cache_path` (and fastcgi/uwsgi/scgi_cache_path) moves to WORK/cache/<zone>,
 *   keys_zone/levels/max_size/inactive kept; the adapter purges/bans in all of them.
 * - process and files: `user` (root's master runs workers as root, as the generated conf does), `pid`,
 *   `lock_file`, `error_log` (one, private, level notice: reloadConfig reads it), `access_log` (off),
 *   `*_temp_path` (private), `daemon`/`master_process` (stampede passes `-g 'daemon off;'`, a `daemon` line would
 *   be a duplicate), `stream`/`mail`
 *   blocks (other protocols on production ports) and a relative `load_module` (made absolute under nginx's
 *   compiled-in prefix, since `-p` moves the prefix to the work directory). `worker_processes` is kept as
 *   written (with `worker_connections`, it bounds how many connections a stampede can open: `auto` is this
 *   machine's cores), and set to the adapter's count only where the file has none.
 * - outcome header: `add_header <cacheHeader> $stampede_cache_status always;` through the same `map` as the
 *   generated conf ("" -> PASS). nginx's add_header inheritance: a level with its own add_header inherits none
 *   from above. So the header is added at the http level (every server and location without add_header of its
 *   own inherits it, and keeps inheriting the user's http-level headers) and into every server, location and
 *   `if` in a location that has add_header of its own. A user add_header of the same name is replaced.
 * - stub_status: a server on stampede's status port, as in the generated conf (stats and readiness).
 */
import { isAbsolute, join } from 'node:path';
import { CacheOptionsError } from '../errors.js';
import { comment, confArg, directive, type ConfDirective, type ConfNode } from './conf-syntax.js';

export interface RetargetParams {
  /** 'main': a whole nginx.conf; 'http': an http-context fragment */
  context: 'main' | 'http';
  /** the user's file, for messages */
  file: string;
  /** 127.0.0.1:PORT */
  listen: string;
  /** host:port of the origin */
  origin: string;
  prefix: string;
  /** directory the cache paths go under (one sub-directory per zone) */
  cacheRoot: string;
  statusPort: number;
  workerProcesses: number;
  runAsRoot: boolean;
  /** lower-case outcome header name */
  cacheHeader: string;
  /** nginx's compiled-in prefix (`nginx -V` --prefix), where a relative load_module path points */
  buildPrefix?: string | undefined;
}

/** What was changed, for report.json cache.config.retargeted. */
export interface Retargeted {
  upstreams: { name: string; servers: string[] }[];
  proxyPass: { from: string; to: string; at: string }[];
  /** listen directives replaced by stampede's */
  listens: number;
  cachePaths: { zone: string; from: string; to: string }[];
  /** servers kept (they proxy) and left out (they do not), by server_name or file:line */
  servers: { proxying: string[]; dropped: string[] };
  /** directive names removed (sorted) */
  removed: string[];
  /** blocks the outcome header was added to, the http level included */
  headerInjections: number;
}

export interface RetargetResult {
  nodes: ConfNode[];
  cacheDirs: string[];
  /** worker_processes in effect: the file's (a number or "auto"), else the adapter's; null for a fragment */
  workerProcesses: string | null;
  retargeted: Retargeted;
}

export const STAMPEDE_STATUS_VAR = '$stampede_cache_status';

const CACHE_PATHS = new Set(['proxy_cache_path', 'fastcgi_cache_path', 'uwsgi_cache_path', 'scgi_cache_path']);
const REMOVED = new Set([
  'user',
  'pid',
  'lock_file',
  'daemon',
  'master_process',
  'error_log',
  'access_log',
  'client_body_temp_path',
  'proxy_temp_path',
  'fastcgi_temp_path',
  'uwsgi_temp_path',
  'scgi_temp_path',
  'proxy_bind',
  'ssl',
  'http2',
  'http3',
  'stream',
  'mail',
]);

function isRemoved(name: string): boolean {
  return REMOVED.has(name) || name.startsWith('ssl_') || name.startsWith('proxy_ssl_') || name.startsWith('quic_');
}

function refuse(message: string): CacheOptionsError {
  return new CacheOptionsError([{ path: 'nginxConfFile', message }]);
}

/** a whole nginx.conf has `events` or `http` at its top level; anything else is an http-context fragment */
export function confContext(nodes: readonly ConfNode[]): 'main' | 'http' {
  return nodes.some((n) => n.type === 'directive' && (n.name === 'http' || n.name === 'events')) ? 'main' : 'http';
}

/** @throws CacheOptionsError when nothing proxies, or a proxy_pass target cannot be retargeted */
export function retargetConf(nodes: readonly ConfNode[], p: RetargetParams): RetargetResult {
  const r: Retargeted = {
    upstreams: [],
    proxyPass: [],
    listens: 0,
    cachePaths: [],
    servers: { proxying: [], dropped: [] },
    removed: [],
    headerInjections: 0,
  };
  const removed = new Set<string>();
  const state: State = { p, r, removed, cacheDirs: [], defaultTaken: false, upstreamNames: new Set(), workerProcesses: null };
  let out: ConfNode[];
  if (p.context === 'main') {
    out = rewriteMain(nodes, state);
  } else {
    out = [comment(banner(p)), ...rewriteHttp(nodes, state, false)];
  }
  if (r.servers.proxying.length === 0) {
    const dropped = r.servers.dropped.length === 0 ? 'it has no server {} at all' : `its servers (${r.servers.dropped.join(', ')}) serve files or redirect`;
    throw refuse(
      `${p.file}: no server proxies to a backend (no proxy_pass in any server {}; ${dropped}). stampede measures a cache in front of an origin: ` +
        'add the site that proxies and caches (a server whose location has proxy_pass and proxy_cache, e.g. in sites-enabled/), or pass that site file itself with --nginx-conf',
    );
  }
  r.removed = [...removed].sort();
  return { nodes: out, cacheDirs: state.cacheDirs, workerProcesses: state.workerProcesses, retargeted: r };
}

interface State {
  p: RetargetParams;
  r: Retargeted;
  removed: Set<string>;
  cacheDirs: string[];
  defaultTaken: boolean;
  upstreamNames: Set<string>;
  workerProcesses: string | null;
}

function banner(p: RetargetParams): string {
  return `Generated by stampede from ${p.file}: includes inlined, backends retargeted at ${p.origin}, listen ${p.listen}, cache paths under ${p.cacheRoot}, logs/pid/temp paths private (retarget-conf.ts)`;
}

function rewriteMain(nodes: readonly ConfNode[], s: State): ConfNode[] {
  const { p } = s;
  const dir = (sub: string) => join(p.prefix, sub);
  const out: ConfNode[] = [
    comment(banner(p)),
    ...(p.runAsRoot ? [directive('user', ['root'])] : []),
    directive('pid', [dir('logs/nginx.pid')]),
    directive('lock_file', [dir('logs/nginx.lock')]),
    directive('error_log', [dir('logs/error.log'), 'notice']),
  ];
  let http = false;
  for (const node of nodes) {
    if (node.type === 'comment') out.push(node);
    else if (isRemoved(node.name)) s.removed.add(node.name);
    else if (node.name === 'http' && node.block !== undefined) {
      http = true;
      out.push({ ...node, block: rewriteHttp(node.block, s, true) });
    } else if (node.name === 'load_module' && p.buildPrefix !== undefined && node.args[0] !== undefined && !isAbsolute(node.args[0].value)) {
      out.push({ ...node, args: [confArg(join(p.buildPrefix, node.args[0].value))] });
    } else out.push(node);
  }
  if (!http) throw refuse(`${p.file} has events {} but no http {} block: nothing serves HTTP`);
  const workers = nodes.find((n): n is ConfDirective => n.type === 'directive' && n.name === 'worker_processes');
  s.workerProcesses = workers?.args[0]?.value ?? String(p.workerProcesses);
  if (workers === undefined) out.splice(1, 0, directive('worker_processes', [String(p.workerProcesses)]));
  return out;
}

function rewriteHttp(nodes: readonly ConfNode[], s: State, whole: boolean): ConfNode[] {
  const { p } = s;
  for (const n of nodes) if (n.type === 'directive' && n.name === 'upstream' && n.args[0] !== undefined) s.upstreamNames.add(n.args[0].value.toLowerCase());
  const dir = (sub: string) => join(p.prefix, sub);
  const out: ConfNode[] = [];
  if (whole) {
    out.push(
      directive('access_log', ['off']),
      directive('client_body_temp_path', [dir('tmp/client_body')]),
      directive('proxy_temp_path', [dir('tmp/proxy')]),
      directive('fastcgi_temp_path', [dir('tmp/fastcgi')]),
      directive('uwsgi_temp_path', [dir('tmp/uwsgi')]),
      directive('scgi_temp_path', [dir('tmp/scgi')]),
      directive('server', [], [
        directive('listen', [`127.0.0.1:${p.statusPort}`]),
        directive('location', ['/'], [directive('stub_status', [])]),
      ]),
    );
  }
  out.push(
    comment('stampede: requests nginx does not look up in the cache (POST, ...) have an empty $upstream_cache_status: say PASS'),
    directive('map', ['$upstream_cache_status', STAMPEDE_STATUS_VAR], [directive('""', ['PASS']), directive('default', ['$upstream_cache_status'])]),
    outcomeHeader(s),
  );
  s.r.headerInjections += 1;
  for (const node of nodes) {
    if (node.type === 'comment') {
      out.push(node);
      continue;
    }
    if (dropsDirective(node, s)) continue;
    if (node.name === 'upstream' && node.block !== undefined) out.push(rewriteUpstream(node, s));
    else if (node.name === 'server' && node.block !== undefined) {
      const label = serverLabel(node);
      if (!proxies(node.block)) {
        s.r.servers.dropped.push(label);
        continue;
      }
      s.r.servers.proxying.push(label);
      out.push(rewriteServer(node, s));
    } else if (CACHE_PATHS.has(node.name)) out.push(rewriteCachePath(node, s));
    else out.push(node);
  }
  return out;
}

function outcomeHeader(s: State): ConfDirective {
  return directive('add_header', [s.p.cacheHeader, STAMPEDE_STATUS_VAR, 'always']);
}

/** A directive stampede takes over (paths, user, daemon, ...) or the user's own outcome header: left out, and recorded. */
function dropsDirective(node: ConfDirective, s: State): boolean {
  if (isRemoved(node.name)) s.removed.add(node.name);
  else if (isOurHeader(node, s)) s.removed.add(`add_header ${node.args[0]!.value} (replaced by stampede's)`);
  else return false;
  return true;
}

function isOurHeader(node: ConfDirective, s: State): boolean {
  return node.name === 'add_header' && node.args[0]?.value.toLowerCase() === s.p.cacheHeader;
}

function serverLabel(node: ConfDirective): string {
  const name = node.block?.find((n): n is ConfDirective => n.type === 'directive' && n.name === 'server_name');
  const names = name?.args.map((a) => a.value).join(' ');
  return names !== undefined && names !== '' ? `${names} (${node.file}:${node.line})` : `${node.file}:${node.line}`;
}

function proxies(nodes: readonly ConfNode[]): boolean {
  return nodes.some((n) => n.type === 'directive' && (n.name === 'proxy_pass' || (n.block !== undefined && proxies(n.block))));
}

function rewriteUpstream(node: ConfDirective, s: State): ConfDirective {
  const name = node.args[0]?.value ?? '';
  const servers: string[] = [];
  const block = (node.block ?? []).map((n) => {
    if (n.type !== 'directive' || n.name !== 'server' || n.args[0] === undefined) return n;
    servers.push(n.args.map((a) => a.value).join(' '));
    const params = n.args.slice(1).filter((a) => a.value !== 'resolve' && !a.value.startsWith('service='));
    return { ...n, args: [confArg(s.p.origin), ...params] };
  });
  s.r.upstreams.push({ name, servers });
  return { ...node, block };
}

function rewriteCachePath(node: ConfDirective, s: State): ConfDirective {
  const from = node.args[0]?.value ?? '';
  const zone = node.args.find((a) => a.value.startsWith('keys_zone='))?.value.slice('keys_zone='.length).split(':')[0] ?? '';
  const safe = zone.replace(/[^A-Za-z0-9_.-]/g, '_') || `path${s.cacheDirs.length}`;
  let to = join(s.p.cacheRoot, safe);
  for (let i = 2; s.cacheDirs.includes(to); i++) to = join(s.p.cacheRoot, `${safe}-${i}`);
  s.cacheDirs.push(to);
  s.r.cachePaths.push({ zone, from, to });
  return { ...node, args: [confArg(to), ...node.args.slice(1)] };
}

function rewriteServer(node: ConfDirective, s: State): ConfDirective {
  const block = node.block ?? [];
  const hadDefault = block.some((n) => n.type === 'directive' && n.name === 'listen' && n.args.some((a) => a.value === 'default_server' || a.value === 'default'));
  const isDefault = hadDefault && !s.defaultTaken;
  if (isDefault) s.defaultTaken = true;
  const inner = rewriteInner(block, 'server', s);
  const listen = directive('listen', [s.p.listen, ...(isDefault ? ['default_server'] : [])]);
  return { ...node, block: [listen, ...inner] };
}

type Ctx = 'server' | 'location' | 'if-in-location' | 'other';

/** add_header is allowed in server, location and `if` inside a location: those are the levels that can need ours */
function rewriteInner(nodes: readonly ConfNode[], ctx: Ctx, s: State): ConfNode[] {
  const out: ConfNode[] = [];
  for (const node of nodes) {
    if (node.type === 'comment') {
      out.push(node);
      continue;
    }
    if (node.name === 'listen') {
      s.r.listens += 1;
      continue;
    }
    if (dropsDirective(node, s)) continue;
    if (node.name === 'proxy_pass') {
      out.push(retargetProxyPass(node, s));
      continue;
    }
    if (node.block !== undefined) {
      const child: Ctx = node.name === 'location' ? 'location' : node.name === 'if' && (ctx === 'location' || ctx === 'if-in-location') ? 'if-in-location' : 'other';
      out.push({ ...node, block: rewriteInner(node.block, child, s) });
      continue;
    }
    out.push(node);
  }
  if (ctx !== 'other' && out.some((n) => n.type === 'directive' && n.name === 'add_header')) {
    s.r.headerInjections += 1;
    return [outcomeHeader(s), ...out];
  }
  return out;
}

function retargetProxyPass(node: ConfDirective, s: State): ConfDirective {
  const at = `${node.file}:${node.line}`;
  const from = node.args[0]?.value ?? '';
  const m = /^(https?):\/\/(.*)$/i.exec(from);
  if (m === null) {
    throw refuse(
      `proxy_pass ${from} (${at}): ${from.startsWith('$') ? 'the whole URL is a variable, so' : 'not an http(s):// URL, so'} stampede cannot point it at its origin; ` +
        'in a copy for the test, name an upstream block or a literal http://host:port',
    );
  }
  const rest = m[2] as string;
  let authority: string;
  let uri: string;
  if (rest.startsWith('unix:')) {
    const colon = rest.indexOf(':', 5);
    authority = colon === -1 ? rest : rest.slice(0, colon);
    uri = colon === -1 ? '' : rest.slice(colon + 1);
  } else {
    // host[:port], the host a literal or one variable: `http://$cdn$request_uri` is host $cdn, then the URI
    const host = /^(\$\{\w+\}|\$\w+|[^$/:?]+)(:(\d+|\$\w+))?/.exec(rest);
    authority = host === null ? '' : host[0];
    uri = rest.slice(authority.length);
  }
  const upstream = !authority.includes('$') && s.upstreamNames.has(authority.toLowerCase());
  const to = `http://${upstream ? authority : s.p.origin}${uri}`;
  s.r.proxyPass.push({ from, to, at });
  return { ...node, args: [confArg(to), ...node.args.slice(1)] };
}
