/**
 * Escaping shared by junit.xml and report.html. Scenario names, Azure messages and replies are user and
 * network data: any of them may hold markup characters or control characters that XML 1.0 forbids outright
 * (a single one makes the whole junit.xml unreadable to CI).
 */

const markup: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Element text, safe in XML 1.0 and HTML. */
export function escapeText(value: string): string {
  return replaceForbidden(value).replace(/[&<>"']/g, (ch) => markup[ch]!);
}

/**
 * Attribute value, safe in XML 1.0 and HTML. Line breaks and tabs become character references because a
 * parser would otherwise normalise them to spaces, and a failure message keeps its lines.
 */
export function escapeAttr(value: string): string {
  return escapeText(value).replace(/[\t\n\r]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/**
 * Replaces what XML 1.0 forbids (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF) and the C1
 * controls it discourages with a visible `\uXXXX`, so the reader still sees that something was there.
 */
export function replaceForbidden(value: string): string {
  let out = '';
  // for..of walks code points: a valid surrogate pair arrives whole, a lone surrogate arrives alone.
  for (const ch of value) {
    out += isAllowed(ch.codePointAt(0)!) ? ch : `\\u${ch.codePointAt(0)!.toString(16).padStart(4, '0')}`;
  }
  return out;
}

function isAllowed(codePoint: number): boolean {
  if (codePoint === 0x9 || codePoint === 0xa || codePoint === 0xd) return true;
  if (codePoint < 0x20) return false;
  if (codePoint >= 0x7f && codePoint <= 0x9f) return false;
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return false;
  return codePoint !== 0xfffe && codePoint !== 0xffff;
}
