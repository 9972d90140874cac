/**
 * Arguments for varnishadm, which joins its argv with spaces and sends the line to the Varnish CLI unquoted.
 * Strings are therefore CLI-quoted here ("...", backslash escapes). Varnish 7.1's ban command rejects a quoted
 * argument that contains whitespace ("Wrong number of arguments", verified), so whitespace in a ban regex is
 * written as a PCRE escape (\x{20}) instead: same regex, no space on the command line. Pure.
 */

/** `"..."` with `\` and `"` escaped: one CLI argument (must not contain whitespace, see above) */
export function cliQuote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** the same PCRE regex with every whitespace character written as \x{HH} (an escaped one too) */
export function regexWithoutWhitespace(pattern: string): string {
  let out = '';
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    const next = chars[i + 1];
    if (c === '\\' && next !== undefined) {
      // An escaped whitespace character means the character itself; any other escape is copied as is.
      out += /\s/.test(next) ? hexEscape(next) : c + next;
      i += 1;
    } else {
      out += /\s/.test(c) ? hexEscape(c) : c;
    }
  }
  return out;
}

function hexEscape(c: string): string {
  return `\\x{${(c.codePointAt(0) ?? 0).toString(16)}}`;
}

/** varnishadm arguments banning every object whose URL matches `pattern` */
export function banRegexArgs(pattern: string): string[] {
  return ['ban', 'req.url', '~', cliQuote(regexWithoutWhitespace(pattern))];
}

/** varnishadm arguments banning the object of exactly this URL (paths never contain whitespace) */
export function banExactArgs(path: string): string[] {
  return ['ban', 'req.url', '==', cliQuote(path)];
}

/** `a0 127.0.0.1 41234` (debug.listen_address) -> 41234 */
export function parseListenPort(output: string): number | undefined {
  for (const line of output.split('\n')) {
    const m = /^\S+\s+(\S+)\s+(\d+)\s*$/.exec(line.trim());
    if (m !== null) return Number(m[2]);
  }
  return undefined;
}

/** varnishstat -j (Varnish 6.5+ layout: {version, timestamp, counters: {NAME: {value}}}) -> flat NAME -> value */
export function parseVarnishstat(json: string): Record<string, number> {
  const doc = JSON.parse(json) as { counters?: Record<string, { value?: unknown }> } & Record<string, unknown>;
  // Before 6.5 the counters sat at the top level next to "timestamp".
  const counters = (doc.counters ?? doc) as Record<string, { value?: unknown } | unknown>;
  const out: Record<string, number> = {};
  for (const [name, c] of Object.entries(counters)) {
    const value = c !== null && typeof c === 'object' ? (c as { value?: unknown }).value : undefined;
    if (typeof value === 'number') out[name] = value;
  }
  return out;
}

/** `varnishd (varnish-7.1.1 revision 7cee...)` -> varnish/7.1.1 */
export function parseVarnishVersion(output: string): string | undefined {
  const m = /varnish-([0-9][^\s)]*)/.exec(output);
  return m === null ? undefined : `varnish/${m[1]}`;
}

/**
 * `varnishadm backend.list` -> the health of each backend (`boot.web1 probe 3/5 healthy ...`): name -> healthy.
 * Backends without a probe say `healthy` or `sick` as set by backend.set_health; the header line is skipped.
 */
export function parseBackendHealth(output: string): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const line of output.split('\n')) {
    const m = /^(\S+)\s+\S+\s+(?:\S+\s+)?(healthy|sick)\b/.exec(line.trim());
    if (m !== null) out.set(m[1] as string, m[2] === 'healthy');
  }
  return out;
}
