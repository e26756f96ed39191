import type { StepError } from './result.js';
import type { StepExpect } from './schema.js';

/** What a step produced: a reply, or an Azure-shaped error. */
export interface Observed {
  reply?: unknown;
  error?: StepError | undefined;
}

/**
 * Checks a step's outcome against its `expect` (DESIGN.md §5). Returns undefined when it holds, else one line
 * naming the expectation and the difference. No `expect` means the step must succeed; `code`, `innerCode`
 * or a status of 300 or more mean it must fail that way; `body` is deep equality with the reply; `match`
 * is a partial deep match of the reply, or of the error (`{status, code, innerCode, message}`) when a
 * failure is expected.
 */
export function checkExpectation(expect: StepExpect | undefined, observed: Observed): string | undefined {
  const { error } = observed;
  const wantsFailure =
    expect !== undefined &&
    (expect.code !== undefined || expect.innerCode !== undefined || (expect.status ?? 200) >= 300);
  if (!wantsFailure) {
    if (error) return `expected success, got ${describeError(error)}`;
    if (expect?.status !== undefined && (expect.status < 200 || expect.status >= 300)) {
      return `status: expected ${expect.status}, got success`;
    }
  } else {
    if (!error) return `expected ${describeExpectedError(expect)}, got success`;
    if (expect.status !== undefined && error.status !== expect.status) {
      return `status: expected ${expect.status}, got ${describeError(error)}`;
    }
    if (expect.code !== undefined && error.code !== expect.code) {
      return `code: expected ${expect.code}, got ${describeError(error)}`;
    }
    if (expect.innerCode !== undefined && error.innerCode !== expect.innerCode) {
      return `innerCode: expected ${expect.innerCode}, got ${describeError(error)}`;
    }
  }
  if (expect?.body !== undefined) {
    if (wantsFailure) return 'body: a failure has no reply body to compare (use match)';
    const difference = differ(expect.body, observed.reply, 'reply', false);
    if (difference) return `body: ${difference}`;
  }
  if (expect?.match !== undefined) {
    const subject = wantsFailure ? error : observed.reply;
    const difference = differ(expect.match, subject, wantsFailure ? 'error' : 'reply', true);
    if (difference) return `match: ${difference}`;
  }
  return undefined;
}

function describeError(error: StepError): string {
  const inner = error.innerCode ? `/${error.innerCode}` : '';
  return `${error.status} ${error.code}${inner}: ${firstLine(error.message)}`;
}

function describeExpectedError(expect: StepExpect): string {
  const parts = [expect.status, expect.code, expect.innerCode].filter((p) => p !== undefined);
  return parts.length > 0 ? parts.join(' ') : 'a failure';
}

const firstLine = (s: string) => s.split('\n')[0] ?? s;

/**
 * The first difference between expected and actual, as `path: expected X, got Y`; undefined when equal.
 * `partial`: objects need only hold the expected keys (arrays still match element by element, same length).
 * Bytes compare with a string as their UTF-8 text, so scenario files can say `body: hello`.
 */
export function differ(
  expected: unknown,
  actual: unknown,
  path: string,
  partial: boolean,
): string | undefined {
  if (actual instanceof Uint8Array) {
    if (typeof expected === 'string') {
      const text = Buffer.from(actual).toString('utf8');
      return text === expected ? undefined : `${path}: expected ${show(expected)}, got ${show(text)}`;
    }
    if (expected instanceof Uint8Array) {
      return Buffer.from(actual).equals(Buffer.from(expected))
        ? undefined
        : `${path}: the bytes differ (${expected.length} expected, ${actual.length} got)`;
    }
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path}: expected an array, got ${show(actual)}`;
    if (actual.length !== expected.length) {
      return `${path}: expected ${expected.length} item(s), got ${actual.length} ${show(actual)}`;
    }
    for (const [i, item] of expected.entries()) {
      const difference = differ(item, actual[i], `${path}[${i}]`, partial);
      if (difference) return difference;
    }
    return undefined;
  }
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) return `${path}: expected an object, got ${show(actual)}`;
    for (const [key, value] of Object.entries(expected)) {
      if (!Object.hasOwn(actual, key) || actual[key] === undefined) {
        if (value === null) continue;
        return `${path}.${key}: expected ${show(value)}, but it is absent`;
      }
      const difference = differ(value, actual[key], `${path}.${key}`, partial);
      if (difference) return difference;
    }
    if (!partial) {
      const extra = Object.keys(actual).filter((k) => actual[k] !== undefined && !Object.hasOwn(expected, k));
      if (extra.length > 0) return `${path}: unexpected field(s) ${extra.join(', ')}`;
    }
    return undefined;
  }
  if (expected === null && actual === undefined) return undefined;
  return Object.is(expected, actual) ? undefined : `${path}: expected ${show(expected)}, got ${show(actual)}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
  );
}

/** A value in a failure line: JSON, bytes as their length, long text cut. */
export function show(value: unknown): string {
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value, (_k, v) => (v instanceof Uint8Array ? `<${v.length} bytes>` : v));
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
