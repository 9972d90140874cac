/**
 * nginx's configuration grammar: text -> a tree of directives (and comments) -> text. Pure.
 *
 * Why our own: the npm candidates were judged in issue 9 and none is a parser one can hand a production
 * nginx.conf to. `nginx-conf` (2.1.0, one maintainer) keys its tree by directive name, resolves no `include`, and
 * needs balanced braces even inside Lua comments/strings; `@webantic/nginx-config-parser` (1.6.1) turns the file
 * into a JSON object keyed by directive name (directive order across names and every comment are lost) and drops
 * the body of `*_by_lua_block` (its issue #6), on top of glob 7. nginx's own grammar is small (ngx_conf_read_token
 * in src/core/ngx_conf_file.c), so this module follows it rule for rule:
 * - tokens are separated by whitespace; `;` ends a directive, `{` opens its block, `}` closes a block;
 * - `#` starts a comment only at the start of a token (`a#b` is one word);
 * - "double" and 'single' quoted strings, in which `\"`, `\'`, `\\`, `\t`, `\r`, `\n` are escapes and any other
 *   backslash stays as written; a backslash in an unquoted word makes the next character literal (`\;`, `\ `);
 * - `{` ends a word unless it follows `$` (`${var}`), and `}` inside a word is an ordinary character (only a `}`
 *   at the start of a token closes a block);
 * - after a closing quote only whitespace, `;`, `{` or `)` may follow (`if ($a = "b")`);
 * - `*_by_lua_block { ... }` (OpenResty) holds Lua, not directives: its body is kept verbatim, delimited with
 *   Lua's own strings, long brackets and comments in mind.
 * Every argument keeps its raw spelling (quotes and escapes as written), so printing the tree gives back the
 * user's text, reformatted; new arguments are quoted only when they need it.
 */
import { CacheOptionsError } from '../errors.js';

/** one argument: `value` as nginx sees it (quotes removed, escapes applied), `raw` as written */
export interface ConfArg {
  value: string;
  raw: string;
}

export interface ConfDirective {
  type: 'directive';
  name: string;
  args: ConfArg[];
  /** the `{ ... }` block, when the directive has one */
  block?: ConfNode[];
  /** the raw body of a `*_by_lua_block`, braces excluded */
  verbatim?: string;
  file: string;
  line: number;
}

export interface ConfComment {
  type: 'comment';
  /** the comment as written, `#` included */
  text: string;
  file: string;
  line: number;
}

export type ConfNode = ConfDirective | ConfComment;

type Token =
  | { kind: 'word'; value: string; raw: string; line: number }
  | { kind: ';' | '{' | '}' | 'eof'; line: number }
  | { kind: 'comment'; text: string; line: number };

const SPACE = new Set([' ', '\t', '\r', '\n']);

function syntaxError(file: string, line: number, message: string): CacheOptionsError {
  return new CacheOptionsError([{ path: 'nginxConfFile', message: `${message} in ${file}:${line}` }]);
}

/** nginx's escape handling of a token's characters (ngx_conf_read_token's copy loop) */
function unescape(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === '\\' && i + 1 < s.length) {
      const n = s[i + 1] as string;
      if (n === '"' || n === "'" || n === '\\') {
        out += n;
        i++;
        continue;
      }
      if (n === 't' || n === 'r' || n === 'n') {
        out += n === 't' ? '\t' : n === 'r' ? '\r' : '\n';
        i++;
        continue;
      }
    }
    out += c;
  }
  return out;
}

class Lexer {
  #i = 0;
  #line = 1;
  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  next(): Token {
    const t = this.text;
    while (this.#i < t.length && SPACE.has(t[this.#i] as string)) this.#advance();
    if (this.#i >= t.length) return { kind: 'eof', line: this.#line };
    const c = t[this.#i] as string;
    const line = this.#line;
    if (c === '#') {
      const end = t.indexOf('\n', this.#i);
      const stop = end === -1 ? t.length : end;
      const text = t.slice(this.#i, stop).replace(/\r$/, '');
      this.#i = stop;
      return { kind: 'comment', text, line };
    }
    if (c === ';' || c === '{' || c === '}') {
      this.#i++;
      return { kind: c, line };
    }
    if (c === '"' || c === "'") return this.#quoted(c, line);
    return this.#word(line);
  }

  #advance(): void {
    if (this.text[this.#i] === '\n') this.#line++;
    this.#i++;
  }

  #quoted(q: string, line: number): Token {
    const t = this.text;
    const start = this.#i;
    this.#i++;
    for (;;) {
      if (this.#i >= t.length) throw syntaxError(this.file, line, `unexpected end of file, unterminated ${q === '"' ? 'double' : 'single'}-quoted string`);
      const c = t[this.#i] as string;
      if (c === '\\' && this.#i + 1 < t.length) {
        this.#advance();
        this.#advance();
        continue;
      }
      if (c === q) break;
      this.#advance();
    }
    this.#i++;
    const raw = t.slice(start, this.#i);
    const after = t[this.#i];
    if (after !== undefined && !SPACE.has(after) && after !== ';' && after !== '{' && after !== ')') {
      throw syntaxError(this.file, this.#line, `unexpected "${after}" after a quoted string`);
    }
    return { kind: 'word', value: unescape(raw.slice(1, -1)), raw, line };
  }

  #word(line: number): Token {
    const t = this.text;
    const start = this.#i;
    let variable = false;
    while (this.#i < t.length) {
      const c = t[this.#i] as string;
      if (c === '{' && variable) {
        variable = false;
        this.#i++;
        continue;
      }
      variable = false;
      if (c === '\\' && this.#i + 1 < t.length) {
        this.#advance();
        this.#advance();
        continue;
      }
      if (c === '$') {
        variable = true;
        this.#i++;
        continue;
      }
      if (SPACE.has(c) || c === ';' || c === '{') break;
      this.#i++;
    }
    const raw = t.slice(start, this.#i);
    return { kind: 'word', value: unescape(raw), raw, line };
  }

  /**
   * The body of a `*_by_lua_block` after its `{`, up to the matching `}` (consumed). Braces inside Lua strings
   * ('..', "..", [[..]], [==[..]==]) and comments (-- to end of line, --[[..]]) do not count.
   */
  luaBlock(line: number): string {
    const t = this.text;
    const start = this.#i;
    let depth = 1;
    while (this.#i < t.length) {
      const c = t[this.#i] as string;
      const long = /^\[(=*)\[/.exec(t.slice(this.#i, this.#i + 64));
      if (c === '-' && t[this.#i + 1] === '-') {
        const bracket = /^\[(=*)\[/.exec(t.slice(this.#i + 2, this.#i + 66));
        if (bracket !== null) {
          this.#i += 2;
          this.#skipLong(bracket[1] as string, line);
        } else {
          while (this.#i < t.length && t[this.#i] !== '\n') this.#i++;
        }
        continue;
      }
      if (long !== null) {
        this.#skipLong(long[1] as string, line);
        continue;
      }
      if (c === '"' || c === "'") {
        this.#advance();
        while (this.#i < t.length && t[this.#i] !== c && t[this.#i] !== '\n') {
          if (t[this.#i] === '\\') this.#advance();
          this.#advance();
        }
        this.#i++;
        continue;
      }
      if (c === '{') depth++;
      if (c === '}') {
        depth--;
        if (depth === 0) {
          const body = t.slice(start, this.#i);
          this.#i++;
          return body;
        }
      }
      this.#advance();
    }
    throw syntaxError(this.file, line, 'unexpected end of file in a *_by_lua_block, expecting "}"');
  }

  #skipLong(equals: string, line: number): void {
    const close = `]${equals}]`;
    const end = this.text.indexOf(close, this.#i + equals.length + 2);
    if (end === -1) throw syntaxError(this.file, line, 'unexpected end of file in a Lua long string or comment');
    while (this.#i < end + close.length) this.#advance();
  }
}

/**
 * Parse one file's text (no include is followed here: see resolve-includes.ts).
 * @throws CacheOptionsError naming the file and line, in nginx's words ("unexpected "}"")
 */
export function parseNginxConf(text: string, file: string): ConfNode[] {
  const lexer = new Lexer(text, file);
  return parseBlock(lexer, file, 0, 0);
}

function parseBlock(lexer: Lexer, file: string, depth: number, openedAt: number): ConfNode[] {
  const nodes: ConfNode[] = [];
  for (;;) {
    const tok = lexer.next();
    if (tok.kind === 'eof') {
      if (depth > 0) throw syntaxError(file, openedAt, 'unexpected end of file, expecting "}" for the block opened');
      return nodes;
    }
    if (tok.kind === '}') {
      if (depth === 0) throw syntaxError(file, tok.line, 'unexpected "}"');
      return nodes;
    }
    if (tok.kind === 'comment') {
      nodes.push({ type: 'comment', text: tok.text, file, line: tok.line });
      continue;
    }
    if (tok.kind !== 'word') throw syntaxError(file, tok.line, `unexpected "${tok.kind}"`);
    const directive: ConfDirective = { type: 'directive', name: tok.value, args: [], file, line: tok.line };
    const trailing: ConfComment[] = [];
    for (;;) {
      const t = lexer.next();
      if (t.kind === 'word') directive.args.push({ value: t.value, raw: t.raw });
      else if (t.kind === 'comment') trailing.push({ type: 'comment', text: t.text, file, line: t.line });
      else if (t.kind === ';') break;
      else if (t.kind === '{') {
        if (directive.name.endsWith('_by_lua_block')) directive.verbatim = lexer.luaBlock(t.line);
        else directive.block = parseBlock(lexer, file, depth + 1, t.line);
        break;
      } else if (t.kind === 'eof') {
        throw syntaxError(file, directive.line, `unexpected end of file, expecting ";" or "}" after "${directive.name}"`);
      } else {
        throw syntaxError(file, t.line, `unexpected "}" after "${directive.name}" (missing ";"?)`);
      }
    }
    nodes.push(directive, ...trailing);
  }
}

/** an argument for a value stampede writes: quoted only when nginx would otherwise split or reinterpret it */
export function confArg(value: string): ConfArg {
  const bare = value !== '' && /^[^\s;{}"'#\\]+$/.test(value) && !value.includes('${');
  return { value, raw: bare ? value : `"${value.replace(/(["\\])/g, '\\$1')}"` };
}

export function directive(name: string, args: readonly string[], block?: ConfNode[]): ConfDirective {
  return { type: 'directive', name, args: args.map(confArg), ...(block === undefined ? {} : { block }), file: 'stampede', line: 0 };
}

export function comment(text: string): ConfComment {
  return { type: 'comment', text: `# ${text.replace(/\n/g, ' ')}`, file: 'stampede', line: 0 };
}

/** the tree as nginx.conf text, four spaces per level */
export function printNginxConf(nodes: readonly ConfNode[]): string {
  return printWithSources(nodes).text;
}

/**
 * The text, and for each of its lines (index = line - 1) the `file:line` of the user's directive it came from
 * (undefined for what stampede wrote), so that nginx's "in conf/nginx.conf:57" can name the user's own line.
 */
export function printWithSources(nodes: readonly ConfNode[]): { text: string; sources: (string | undefined)[] } {
  const lines: string[] = [];
  const sources: (string | undefined)[] = [];
  const emit = (text: string, node: ConfNode | undefined) => {
    for (const line of text.split('\n')) {
      lines.push(line);
      sources.push(node === undefined || node.line === 0 ? undefined : `${node.file}:${node.line}`);
    }
  };
  const walk = (list: readonly ConfNode[], level: number) => {
    const pad = '    '.repeat(level);
    for (const n of list) {
      if (n.type === 'comment') {
        emit(`${pad}${n.text}`, undefined);
        continue;
      }
      const head = [n.name, ...n.args.map((a) => a.raw)].join(' ');
      if (n.verbatim !== undefined) emit(`${pad}${head} {${n.verbatim}}`, n);
      else if (n.block !== undefined) {
        emit(`${pad}${head} {`, n);
        walk(n.block, level + 1);
        emit(`${pad}}`, undefined);
      } else emit(`${pad}${head};`, n);
    }
  };
  walk(nodes, 0);
  return { text: lines.length === 0 ? '' : `${lines.join('\n')}\n`, sources };
}

/**
 * nginx's messages with each "in PATH:LINE" of the generated file followed by the user's file:line it came from.
 * Pure.
 */
export function annotateSources(message: string, path: string, sources: readonly (string | undefined)[]): string {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return message.replace(new RegExp(`${escaped}:(\\d+)`, 'g'), (whole, line: string) => {
    const source = sources[Number(line) - 1];
    return source === undefined ? whole : `${whole} (${source})`;
  });
}
