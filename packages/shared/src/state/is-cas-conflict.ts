/** A JetStream KV compare-and-set lost to another writer (the revision or the "does not exist" did not hold). */
export function isCasConflict(error: unknown): boolean {
  const text = String((error as { message?: unknown })?.message ?? error);
  return text.includes('wrong last sequence') || text.includes('key exists');
}
