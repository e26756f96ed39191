import type { StoredKey, StoredKeyVersion } from './documents.js';
import { keyNotFound } from './keyvault-errors.js';

/** A live key and the version a request names (the newest when none). Deleted keys are not found. */
export function pickVersion(
  key: StoredKey | undefined,
  name: string,
  version?: string,
): { key: StoredKey; version: StoredKeyVersion } {
  if (!key || key.deleted) throw keyNotFound(name);
  const picked = version ? key.versions.find((v) => v.version === version) : key.versions.at(-1);
  if (!picked) throw keyNotFound(version ? `${name}/${version}` : name);
  return { key, version: picked };
}
