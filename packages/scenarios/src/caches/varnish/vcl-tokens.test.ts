import { describe, expect, test } from 'vitest';
import { tokenizeVcl, type VclTokenKind } from './vcl-tokens.js';

/** kind:text of every token */
const kinds = (src: string): string[] => tokenizeVcl(src).map((t) => `${t.kind}:${t.text}`);

describe('tokenizeVcl', () => {
  test.each<[string, string, string[]]>([
    ['a declaration', 'vcl 4.1;', ['ident:vcl', 'number:4.1', 'punct:;']],
    ['a field is "." then its name', '.host = "h";', ['punct:.', 'ident:host', 'punct:=', 'string:"h"', 'punct:;']],
    ['dotted and dashed names are one identifier', 'set req.http.X-Forwarded-For = std.ip(x);', ['ident:set', 'ident:req.http.X-Forwarded-For', 'punct:=', 'ident:std.ip', 'punct:(', 'ident:x', 'punct:)', 'punct:;']],
    ['a duration is a number then its unit', '.interval = 5s;', ['punct:.', 'ident:interval', 'punct:=', 'number:5', 'ident:s', 'punct:;']],
    ['# comment', 'a # backend b { }\nc', ['ident:a', 'ident:c']],
    ['// comment', 'a // backend b { }\nc', ['ident:a', 'ident:c']],
    ['/* */ comment over lines', 'a /* backend b {\n .host = "x"; } */ c', ['ident:a', 'ident:c']],
    ['a comment marker inside a string is text', '"# not // a /* comment" x', ['string:"# not // a /* comment"', 'ident:x']],
    ['a string inside a comment is comment', '# "backend" \n x', ['ident:x']],
    ['long string {"..."} over lines', 'x = {"backend b {\n}"};', ['ident:x', 'punct:=', 'string:{"backend b {\n}"}', 'punct:;']],
    ['triple-quoted string', 'x = """a "quoted" backend""";', ['ident:x', 'punct:=', 'string:"""a "quoted" backend"""', 'punct:;']],
    ['inline C is opaque', 'C{ backend x { } }C y', ['csrc:C{ backend x { } }C', 'ident:y']],
    ['an unterminated string ends at the line', '"abc\nd', ['string:"abc', 'ident:d']],
    ['an unterminated comment ends the text', 'a /* b', ['ident:a']],
    ['an empty text', '', []],
  ])('%s', (_name, src, expected) => {
    expect(kinds(src)).toEqual(expected);
  });

  test('strings carry their contents; offsets slice the source', () => {
    const src = 'include "a.vcl"; x = {"long"}; y = """t""";';
    const strings = tokenizeVcl(src).filter((t) => t.kind === ('string' satisfies VclTokenKind));
    expect(strings.map((t) => t.value)).toEqual(['a.vcl', 'long', 't']);
    for (const t of tokenizeVcl(src)) expect(src.slice(t.start, t.end)).toBe(t.text);
  });
});
