/**
 * Requests and replies carry bytes (blob bodies, wrapped keys). Written as they are, a 1 MiB blob becomes a
 * million-entry JSON object; this turns every byte array into `{ bytes, utf8? }` so reports stay readable.
 */

/** How a byte array appears in a report. `utf8` only when the bytes are printable UTF-8 text. */
export interface ByteSummary {
  bytes: number;
  utf8?: string;
}

/** Text longer than this is cut: a report shows what the bytes were, not all of them. */
export const utf8PreviewChars = 200;

/** A deep copy of `value` that JSON.stringify can write: byte arrays summarised, bigints as strings, no cycles. */
export function readableValue(value: unknown): unknown {
  return walk(value, new WeakSet());
}

function walk(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Uint8Array) return summariseBytes(value);
  if (value instanceof ArrayBuffer) return summariseBytes(new Uint8Array(value));
  if (value instanceof Date) return value.toISOString();
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  const copy = Array.isArray(value)
    ? value.map((item) => walk(item, seen))
    : Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walk(item, seen)]));
  // Only ancestors count as cycles: the same object twice side by side is written twice.
  seen.delete(value);
  return copy;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function summariseBytes(bytes: Uint8Array): ByteSummary {
  const text = printableUtf8(bytes);
  return text === undefined ? { bytes: bytes.length } : { bytes: bytes.length, utf8: truncate(text) };
}

function printableUtf8(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
  return isPrintable(text) ? text : undefined;
}

function isPrintable(text: string): boolean {
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code === 0x9 || code === 0xa || code === 0xd) continue;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0xfeff) return false;
  }
  return true;
}

/** Cut on code points, so a truncated preview never ends in half a surrogate pair. */
function truncate(text: string): string {
  const chars = Array.from(text);
  return chars.length <= utf8PreviewChars ? text : `${chars.slice(0, utf8PreviewChars - 1).join('')}…`;
}

/** One-line JSON of a readable value, for table cells and failure bodies. */
export function compactJson(value: unknown): string {
  if (value === undefined) return '';
  return JSON.stringify(readableValue(value)) ?? String(value);
}

/** Indented JSON of a readable value, for `<pre>` blocks. */
export function prettyJson(value: unknown): string {
  if (value === undefined) return '';
  return JSON.stringify(readableValue(value), null, 2) ?? String(value);
}
