/**
 * Text for XML 1.0 element content and attributes. Characters XML 1.0 cannot carry at all (most C0 controls, lone
 * surrogates, U+FFFE/U+FFFF) become U+FFFD: a JUnit parser rejects the whole file over one of them. Pure.
 */

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Element content: markup characters escaped, line breaks kept as they are. */
export function escapeXml(text: string): string {
  return text.replace(INVALID, '\uFFFD').replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}

/** A quoted attribute value: also tab, LF and CR as character references, which attribute normalisation keeps. */
export function escapeXmlAttribute(text: string): string {
  return text.replace(INVALID, '\uFFFD').replace(/[&<>"'\t\n\r]/g, (c) => ENTITIES[c] as string);
}
