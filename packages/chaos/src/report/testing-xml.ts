/**
 * Test-only: a strict, minimal XML 1.0 parser, written independently of the report's escaping so the tests
 * can prove junit.xml and report.html are well-formed and read values back as a real parser would.
 * Elements, attributes, text, comments, the XML declaration and a DOCTYPE; no DTDs, no CDATA.
 */

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: Array<XmlElement | string>;
}

export class XmlSyntaxError extends Error {
  override readonly name = 'XmlSyntaxError';
}

const predefined: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const namePattern = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;

export function parseXml(source: string): XmlElement {
  checkCharacters(source);
  const parser = new Parser(source);
  parser.skipProlog();
  const root = parser.element();
  parser.skipMisc();
  if (!parser.atEnd()) parser.fail('content after the root element');
  return root;
}

function checkCharacters(source: string): void {
  for (const ch of source) {
    const code = ch.codePointAt(0)!;
    const allowed =
      code === 0x9 ||
      code === 0xa ||
      code === 0xd ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      code >= 0x10000;
    if (!allowed) throw new XmlSyntaxError(`character U+${code.toString(16)} is not allowed in XML 1.0`);
  }
}

class Parser {
  private pos = 0;
  constructor(private readonly source: string) {}

  atEnd(): boolean {
    return this.pos >= this.source.length;
  }

  fail(why: string): never {
    throw new XmlSyntaxError(
      `${why} at ${this.pos}: ${JSON.stringify(this.source.slice(this.pos, this.pos + 40))}`,
    );
  }

  skipProlog(): void {
    if (this.source.startsWith('<?xml', this.pos)) this.skipPast('?>');
    this.skipMisc();
    if (this.source.startsWith('<!DOCTYPE', this.pos)) this.skipPast('>');
    this.skipMisc();
  }

  skipMisc(): void {
    for (;;) {
      this.skipSpace();
      if (!this.source.startsWith('<!--', this.pos)) return;
      this.skipPast('-->');
    }
  }

  element(): XmlElement {
    this.expect('<');
    const name = this.name();
    const attrs: Record<string, string> = {};
    for (;;) {
      const hadSpace = this.skipSpace();
      if (this.source.startsWith('/>', this.pos)) {
        this.pos += 2;
        return { name, attrs, children: [] };
      }
      if (this.source[this.pos] === '>') break;
      if (!hadSpace) this.fail('expected whitespace before an attribute');
      const attr = this.name();
      if (attr in attrs) this.fail(`duplicate attribute ${attr}`);
      this.skipSpace();
      this.expect('=');
      this.skipSpace();
      attrs[attr] = this.attrValue();
    }
    this.pos += 1;
    return { name, attrs, children: this.content(name) };
  }

  private content(name: string): Array<XmlElement | string> {
    const children: Array<XmlElement | string> = [];
    for (;;) {
      if (this.atEnd()) this.fail(`<${name}> is not closed`);
      if (this.source.startsWith('</', this.pos)) {
        this.pos += 2;
        const closing = this.name();
        if (closing !== name) this.fail(`</${closing}> closes <${name}>`);
        this.skipSpace();
        this.expect('>');
        return children;
      }
      if (this.source.startsWith('<!--', this.pos)) this.skipPast('-->');
      else if (this.source[this.pos] === '<') children.push(this.element());
      else children.push(this.text());
    }
  }

  private text(): string {
    const end = this.source.indexOf('<', this.pos);
    const raw = this.source.slice(this.pos, end === -1 ? undefined : end);
    if (raw.includes(']]>')) this.fail("']]>' in text");
    this.pos += raw.length;
    return this.decode(raw);
  }

  private attrValue(): string {
    const quote = this.source[this.pos];
    if (quote !== '"' && quote !== "'") this.fail('expected a quoted attribute value');
    const end = this.source.indexOf(quote, this.pos + 1);
    if (end === -1) this.fail('unterminated attribute value');
    const raw = this.source.slice(this.pos + 1, end);
    if (raw.includes('<')) this.fail("'<' in an attribute value");
    this.pos = end + 1;
    // XML attribute-value normalisation: literal whitespace becomes a space, character references survive.
    return this.decode(raw.replace(/[\t\n\r]/g, ' '));
  }

  private decode(raw: string): string {
    return raw.replace(/&([^;]*);?/g, (whole, ref: string) => {
      if (!whole.endsWith(';')) this.fail(`bare '&' in ${JSON.stringify(raw.slice(0, 60))}`);
      if (ref in predefined) return predefined[ref]!;
      const numeric = /^#(x[0-9a-fA-F]+|[0-9]+)$/.exec(ref);
      if (!numeric) this.fail(`unknown entity &${ref};`);
      const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      const ch = String.fromCodePoint(code);
      checkCharacters(ch);
      return ch;
    });
  }

  private name(): string {
    namePattern.lastIndex = this.pos;
    const match = namePattern.exec(this.source);
    if (!match) this.fail('expected a name');
    this.pos += match[0].length;
    return match[0];
  }

  private expect(literal: string): void {
    if (!this.source.startsWith(literal, this.pos)) this.fail(`expected '${literal}'`);
    this.pos += literal.length;
  }

  private skipSpace(): boolean {
    const start = this.pos;
    while (/\s/.test(this.source[this.pos] ?? '')) this.pos += 1;
    return this.pos > start;
  }

  private skipPast(literal: string): void {
    const end = this.source.indexOf(literal, this.pos);
    if (end === -1) this.fail(`expected '${literal}'`);
    this.pos = end + literal.length;
  }
}

/** Every descendant element named `name`, in document order. */
export function findAll(root: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  const visit = (element: XmlElement) => {
    if (element.name === name) found.push(element);
    for (const child of element.children) if (typeof child !== 'string') visit(child);
  };
  visit(root);
  return found;
}

/** The element's text content, descendants included. */
export function textOf(element: XmlElement): string {
  return element.children.map((child) => (typeof child === 'string' ? child : textOf(child))).join('');
}

/** The class list of an element, for `hasClass` checks. */
export function classes(element: XmlElement): string[] {
  return (element.attrs.class ?? '').split(/\s+/).filter(Boolean);
}
