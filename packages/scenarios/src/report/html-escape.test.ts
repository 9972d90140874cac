import { describe, expect, it } from 'vitest';
import { escapeHtml, inlineScript, inlineStyle, jsonForScript } from './html-escape.js';

describe('escapeHtml', () => {
  it.each([
    ['plain', 'plain'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    [`a & "b" 'c'`, 'a &amp; &quot;b&quot; &#39;c&#39;'],
  ])('%s', (input, expected) => expect(escapeHtml(input)).toBe(expected));
});

describe('jsonForScript', () => {
  const hostile = { s: '</script><script>alert(1)</script>', c: '<!-- x -->', a: 'a&b', l: 'line\u2028sep\u2029' };

  it('leaves no character that can end the block, and parses back unchanged', () => {
    const json = jsonForScript(hostile);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual(hostile);
  });
});

describe('inlineScript / inlineStyle', () => {
  it.each([
    ['var s = "</script>";', 'var s = "<\\/script>";'],
    ['var s = "</SCRIPT >";', 'var s = "<\\/SCRIPT >";'],
    ['x = "<!--";', 'x = "<\\!--";'],
  ])('%s', (input, expected) => expect(inlineScript(input)).toBe(expected));

  it('style', () => expect(inlineStyle('a{content:"</style>"}')).toBe('a{content:"<\\/style>"}'));
});
