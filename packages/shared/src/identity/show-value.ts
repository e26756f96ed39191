const maxShownLength = 200;

/** A claim value as it reads in a failure message; long values are cut because they come from the caller. */
export function showValue(value: unknown): string {
  if (value === undefined) return '(none)';
  const text = Array.isArray(value) ? value.map(showValue).join(', ') : String(value);
  return text.length > maxShownLength ? `${text.slice(0, maxShownLength)}…` : text;
}

/** One expected value as is, several as "one of a, b". */
export function showExpected(values: readonly string[]): string {
  return values.length === 1 ? showValue(values[0]) : `one of ${showValue(values)}`;
}

/** Epoch seconds as an ISO timestamp. */
export function showEpochSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
