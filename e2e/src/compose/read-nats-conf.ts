/** A value of nats-server's config format: strings, numbers, booleans, blocks and lists. */
export type NatsConfValue = string | number | boolean | NatsConfValue[] | { [key: string]: NatsConfValue };
export type NatsConf = { [key: string]: NatsConfValue };

/**
 * Parses the part of nats-server's config format that docker/nats/*.conf uses: `key: value` or `key value`
 * (also `=`), `{ }` blocks, `[ ]` lists, quoted or bare strings, `#` and `//` comments, commas or newlines
 * between entries. Enough to check the compose supercluster's wiring without a nats-server; not a full
 * implementation (no includes, no variables).
 */
export function parseNatsConf(text: string): NatsConf {
  const tokens = tokenize(text);
  let at = 0;
  const fail = (reason: string): never => {
    throw new Error(`nats config: ${reason} at token ${at} (${JSON.stringify(tokens[at] ?? 'end')})`);
  };
  const parseValue = (): NatsConfValue => {
    const token = tokens[at++] ?? fail('value expected');
    if (token.kind === 'punct' && token.text === '{') return parseBlock('}');
    if (token.kind === 'punct' && token.text === '[') {
      const list: NatsConfValue[] = [];
      while (!isPunct(tokens[at], ']')) {
        if (at >= tokens.length) fail('unclosed [');
        list.push(parseValue());
      }
      at++;
      return list;
    }
    if (token.kind === 'string') return token.text;
    if (token.kind === 'word') {
      if (/^-?\d+(\.\d+)?$/.test(token.text)) return Number(token.text);
      if (token.text === 'true' || token.text === 'false') return token.text === 'true';
      return token.text;
    }
    return fail(`unexpected ${token.text}`);
  };
  const parseBlock = (close: '}' | undefined): NatsConf => {
    const block: NatsConf = {};
    for (;;) {
      if (close && isPunct(tokens[at], close)) {
        at++;
        return block;
      }
      const key = tokens[at++];
      if (!key) return close ? fail(`unclosed {`) : block;
      if (key.kind === 'punct') fail('key expected');
      if (isPunct(tokens[at], ':') || isPunct(tokens[at], '=')) at++;
      block[key!.text] = parseValue();
    }
  };
  return parseBlock(undefined);
}

interface Token {
  kind: 'punct' | 'string' | 'word';
  text: string;
}

function isPunct(token: Token | undefined, text: string): boolean {
  return token?.kind === 'punct' && token.text === text;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  // Skipped: blanks, commas, comments. Kept: punctuation, "strings", bare words (a URL's :// stays in its word).
  const pattern =
    /\s+|,|#[^\n]*|\/\/[^\n]*|([{}[\]:=])|"((?:[^"\\]|\\.)*)"|([^\s,{}[\]:="#]+(?::\/\/[^\s,{}[\]"]+)?)/y;
  while (pattern.lastIndex < text.length) {
    const from = pattern.lastIndex;
    const match = pattern.exec(text);
    if (!match) throw new Error(`nats config: cannot read ${JSON.stringify(text.slice(from, from + 20))}`);
    if (match[1]) tokens.push({ kind: 'punct', text: match[1] });
    else if (match[2] !== undefined)
      tokens.push({ kind: 'string', text: JSON.parse(`"${match[2]}"`) as string });
    else if (match[3]) tokens.push({ kind: 'word', text: match[3] });
  }
  return tokens;
}
