import { describe, expect, test } from 'vitest';
import { annotateSources, confArg, directive, parseNginxConf, printNginxConf, printWithSources, type ConfDirective, type ConfNode } from './conf-syntax.js';

/** name + argument values, blocks nested, comments as '#' strings: what the tests compare */
type Shape = string | [string, ...unknown[]];
function shape(nodes: readonly ConfNode[]): Shape[] {
  return nodes.map((n) => {
    if (n.type === 'comment') return n.text;
    const head = [n.name, ...n.args.map((a) => a.value)].join('|');
    if (n.verbatim !== undefined) return [head, { lua: n.verbatim }];
    return n.block === undefined ? head : [head, ...shape(n.block)];
  });
}

describe('nginx conf syntax', () => {
  test.each<[string, string, Shape[]]>([
    ['simple directive', 'worker_processes 1;', ['worker_processes|1']],
    ['no space before ;', 'a b;c;', ['a|b', 'c']],
    ['block', 'events { worker_connections 8; }', [['events', 'worker_connections|8']]],
    ['nested blocks, no spaces', 'http{server{listen 80;location /{return 200;}}}', [['http', ['server', 'listen|80', ['location|/', 'return|200']]]]],
    ['comment lines and trailing comment', '# top\nuser x; # why\n', ['# top', 'user|x', '# why']],
    ['# inside a word is not a comment', 'add_header X a#b;', ['add_header|X|a#b']],
    ['comment between arguments', 'listen 80 # port\n  default_server;', ['listen|80|default_server', '# port']],
    ['double quotes keep ; { } # and spaces', 'return 200 "a; {b} #c";', ['return|200|a; {b} #c']],
    ['single quotes', "add_header X 'a \\'b\\' \"c\"';", ['add_header|X|a \'b\' "c"']],
    ['escapes in quotes', String.raw`set $a "q\"uote \\ tab\t nl\n other\d";`, ['set|$a|q"uote \\ tab\t nl\n other\\d']],
    ['escaped ; stays in the word, backslash kept (as nginx does)', String.raw`rewrite ^/a\;b /c;`, [String.raw`rewrite|^/a\;b|/c`]],
    ['${var} does not open a block', 'return 200 ${host}x;', ['return|200|${host}x']],
    ['} inside a word is literal', 'return 200 a}b;', ['return|200|a}b']],
    ['quoted string then )', 'location / { if ($a = "b") { return 403; } }', [['location|/', ['if|($a|=|b|)', 'return|403']]]],
    ['regex with braces in quotes', 'location ~ "^/x{2,3}$" { }', [['location|~|^/x{2,3}$']]],
    ['empty quoted argument', 'proxy_set_header Connection "";', ['proxy_set_header|Connection|']],
    ['CRLF line ends', 'a 1;\r\n# c\r\nb 2;\r\n', ['a|1', '# c', 'b|2']],
    ['tabs', '\tserver\t{\tlisten\t80;\t}', [['server', 'listen|80']]],
    ['multi-line argument list', 'log_format main\n  \'$remote_addr\'\n  \'$status\';', ['log_format|main|$remote_addr|$status']],
    [
      'lua block body kept verbatim (braces in strings and comments)',
      "content_by_lua_block {\n  -- a } in a comment\n  ngx.say(\"}\") local t = {1} --[[ } ]] local s = [[ } ]]\n}\nnext 1;",
      [['content_by_lua_block', { lua: "\n  -- a } in a comment\n  ngx.say(\"}\") local t = {1} --[[ } ]] local s = [[ } ]]\n" }], 'next|1'],
    ],
  ])('%s', (_name, text, expected) => {
    expect(shape(parseNginxConf(text, 'f.conf'))).toEqual(expected);
  });

  test.each([
    ['a 1', /unexpected end of file, expecting ";" or "}" after "a" in f\.conf:1/],
    ['http {\n a 1;\n', /unexpected end of file, expecting "}" for the block opened in f\.conf:1/],
    ['a 1;\n}', /unexpected "}" in f\.conf:2/],
    ['a 1 }', /unexpected "}" after "a" \(missing ";"\?\) in f\.conf:1/],
    [';', /unexpected ";" in f\.conf:1/],
    ['a "open;', /unterminated double-quoted string in f\.conf:1/],
    ["a 'x''y';", /unexpected "'" after a quoted string in f\.conf:1/],
    ['x_by_lua_block { if a then', /\*_by_lua_block, expecting "}" in f\.conf:1/],
  ])('error: %j', (text, message) => {
    const err = (() => {
      try {
        parseNginxConf(text, 'f.conf');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toMatchObject({ code: 'STAMPEDE_SPEC' });
    expect((err as Error).message).toMatch(message);
  });

  test('line numbers follow the text, quoted newlines included', () => {
    const nodes = parseNginxConf('a "x\ny";\n\nb 1;', 'f');
    expect(nodes.map((n) => n.line)).toEqual([1, 4]);
  });

  test('print -> parse gives the same tree (raw spellings kept)', () => {
    const text = [
      'user www-data;',
      'http {',
      "    log_format main '$remote_addr \"$request\"';",
      '    map $a $b { default "x y"; ~^/q\\; 1; }',
      '    server { listen [::]:80 default_server; location ~* \\.(css|js)$ { add_header X "1; mode=block"; } }',
      '    # a comment',
      '    init_by_lua_block { local x = "}" }',
      '}',
    ].join('\n');
    const once = parseNginxConf(text, 'f');
    const printed = printNginxConf(once);
    expect(shape(parseNginxConf(printed, 'g'))).toEqual(shape(once));
    expect(printed).toContain("log_format main '$remote_addr \"$request\"';");
    expect(printed).toContain('init_by_lua_block { local x = "}" }');
    const map = (once[1] as ConfDirective).block![1] as ConfDirective;
    expect(map.block!.map((n) => (n as ConfDirective).args.map((a) => a.raw))).toEqual([['"x y"'], ['1']]);
  });

  test.each([
    ['127.0.0.1:8080', '127.0.0.1:8080'],
    ['/w/cache dir', '"/w/cache dir"'],
    ['a;b', '"a;b"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['', '""'],
    ['$upstream_cache_status', '$upstream_cache_status'],
  ])('confArg(%j) is written %s', (value, raw) => {
    const arg = confArg(value);
    expect(arg.raw).toBe(raw);
    expect((parseNginxConf(`x ${arg.raw};`, 'f')[0] as ConfDirective).args[0]!.value).toBe(value);
  });
});

test('printed lines keep the file:line they came from; nginx messages about the copy name the original line', () => {
  const nodes = parseNginxConf('# c\nhttp {\n  server {\n    bogus 1;\n  }\n}\n', '/u/site.conf');
  const http = nodes[1] as ConfDirective;
  http.block!.unshift(directive('access_log', ['off']));
  const { text, sources } = printWithSources(nodes);
  expect(text.split('\n')[4]).toBe('        bogus 1;');
  expect(sources).toEqual([undefined, '/u/site.conf:2', undefined, '/u/site.conf:3', '/u/site.conf:4', undefined, undefined]);
  const msg = 'nginx: [emerg] unknown directive "bogus" in /w/conf/nginx.conf:5\nnginx: configuration file /w/conf/nginx.conf test failed';
  expect(annotateSources(msg, '/w/conf/nginx.conf', sources)).toBe(
    'nginx: [emerg] unknown directive "bogus" in /w/conf/nginx.conf:5 (/u/site.conf:4)\nnginx: configuration file /w/conf/nginx.conf test failed',
  );
});
