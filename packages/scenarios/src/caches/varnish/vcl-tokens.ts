/**
 * A tokenizer of VCL's lexical grammar (Varnish 7.1, vcc_token.c), enough to find declarations in a user's VCL
 * without being fooled by a `backend` inside a comment or a string. Pure: text in, tokens out.
 *
 * Skipped: whitespace, `# ...` and `// ...` to the end of the line, `/* ... *\/`.
 * Tokens: strings (`"..."`, which cannot span lines; long strings `{"..."}` and `"""..."""`, which can), inline C
 * (`C{ ... }C`, opaque), identifiers (`[A-Za-z_][A-Za-z0-9_.-]*`: `req.http.X-Forwarded-For` and `std.log` are
 * one token; a field such as `.host` is the punctuation `.` then `host`), numbers (`[0-9][0-9.]*`: in `5s` the unit
 * is the identifier that follows) and single-character punctuation. Unterminated strings and comments end at the
 * end of the text (varnishd reports them; this tokenizer never throws).
 */
export type VclTokenKind = 'ident' | 'string' | 'number' | 'punct' | 'csrc';

export interface VclToken {
  kind: VclTokenKind;
  /** the source text of the token, quotes included */
  text: string;
  /** for strings: the contents without the quotes */
  value: string;
  /** offsets into the source: text === source.slice(start, end) */
  start: number;
  end: number;
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_.-]/;
const DIGIT = /[0-9]/;

export function tokenizeVcl(src: string): VclToken[] {
  const tokens: VclToken[] = [];
  const n = src.length;
  let i = 0;
  const push = (kind: VclTokenKind, start: number, end: number, value = ''): void => {
    tokens.push({ kind, text: src.slice(start, end), value, start, end });
  };
  /** index just past the next `close` at or after `from`, or the end of the text */
  const past = (close: string, from: number): number => {
    const at = src.indexOf(close, from);
    return at < 0 ? n : at + close.length;
  };
  while (i < n) {
    const c = src[i] as string;
    const next = src[i + 1];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v') {
      i += 1;
    } else if (c === '#' || (c === '/' && next === '/')) {
      const eol = src.indexOf('\n', i);
      i = eol < 0 ? n : eol + 1;
    } else if (c === '/' && next === '*') {
      i = past('*/', i + 2);
    } else if (c === 'C' && next === '{') {
      const end = past('}C', i + 2);
      push('csrc', i, end);
      i = end;
    } else if (c === '{' && next === '"') {
      const end = past('"}', i + 2);
      push('string', i, end, src.slice(i + 2, Math.max(i + 2, end - 2)));
      i = end;
    } else if (c === '"' && src.startsWith('"""', i)) {
      const end = past('"""', i + 3);
      push('string', i, end, src.slice(i + 3, Math.max(i + 3, end - 3)));
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      while (j < n && src[j] !== '"' && src[j] !== '\n') j += 1;
      const closed = src[j] === '"';
      const end = closed ? j + 1 : j;
      push('string', i, end, src.slice(i + 1, j));
      i = end;
    } else if (IDENT_START.test(c)) {
      let j = i + 1;
      while (j < n && IDENT_PART.test(src[j] as string)) j += 1;
      push('ident', i, j);
      i = j;
    } else if (DIGIT.test(c)) {
      let j = i + 1;
      while (j < n && (DIGIT.test(src[j] as string) || src[j] === '.')) j += 1;
      push('number', i, j);
      i = j;
    } else {
      push('punct', i, i + 1);
      i += 1;
    }
  }
  return tokens;
}
