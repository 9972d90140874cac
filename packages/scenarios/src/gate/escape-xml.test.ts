import { describe, expect, test } from 'vitest';
import { escapeXml, escapeXmlAttribute } from './escape-xml.js';

describe('escapeXml', () => {
  test.each([
    ['plain', 'plain', 'plain'],
    ['<a href="x">&\'</a>', '&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;', '&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;'],
    ['line 1\nline 2\tend\r', 'line 1\nline 2\tend\r', 'line 1&#10;line 2&#9;end&#13;'],
    ['bell\u0007 nul\u0000 ffff\uFFFF', 'bell\uFFFD nul\uFFFD ffff\uFFFD', 'bell\uFFFD nul\uFFFD ffff\uFFFD'],
    ['lone \uD800 and \uDC00, pair 😀', 'lone \uFFFD and \uFFFD, pair 😀', 'lone \uFFFD and \uFFFD, pair 😀'],
    ['≤ 1.9% → ×', '≤ 1.9% → ×', '≤ 1.9% → ×'],
  ])('%j', (text, content, attribute) => {
    expect(escapeXml(text)).toBe(content);
    expect(escapeXmlAttribute(text)).toBe(attribute);
  });
});
