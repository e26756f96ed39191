import { describe, expect, it } from 'vitest';
import { escapeAttr, escapeText } from './escape.js';
import { parseXml } from './testing-xml.js';

describe('escaping for XML and HTML', () => {
  it('escapes the five markup characters in text', () => {
    expect(escapeText(`a <b> & "c" 'd'`)).toBe('a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;');
  });

  it('replaces control characters XML 1.0 forbids with a visible escape, keeping tab and line breaks', () => {
    expect(escapeText('bell\u0007 nul\u0000 esc\u001b del\u007f')).toBe(
      'bell\\u0007 nul\\u0000 esc\\u001b del\\u007f',
    );
    expect(escapeText('tab\there\nnext\r\n')).toBe('tab\there\nnext\r\n');
  });

  it('replaces lone surrogates and U+FFFE/U+FFFF but keeps real astral characters', () => {
    expect(escapeText('lone \ud800 x \udc00 y \uffff')).toBe('lone \\ud800 x \\udc00 y \\uffff');
    expect(escapeText('key 🔑')).toBe('key 🔑');
  });

  it('keeps line breaks in attributes as character references, so a parser reads them back', () => {
    const value = `line one\nline "two" <&>\u0007`;
    const element = parseXml(`<x a="${escapeAttr(value)}"/>`);
    expect(element.attrs.a).toBe('line one\nline "two" <&>\\u0007');
  });
});
