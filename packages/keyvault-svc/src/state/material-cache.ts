import type { StoredKeyVersion } from './documents.js';

/**
 * Unsealed key material by kid. A version's material never changes, so caching it is safe; what may change
 * (enabled, nbf/exp, deletion, access) is read fresh on every request. Bounded, least recently used first out.
 */
export class MaterialCache<M> {
  readonly #entries = new Map<string, M>();
  readonly #max: number;

  constructor(max = 1000) {
    this.#max = max;
  }

  get(kid: string, version: StoredKeyVersion, open: (version: StoredKeyVersion) => M): M {
    let material = this.#entries.get(kid);
    if (material) {
      this.#entries.delete(kid);
    } else {
      material = open(version);
      if (this.#entries.size >= this.#max) this.#entries.delete(this.#entries.keys().next().value!);
    }
    this.#entries.set(kid, material);
    return material;
  }

  /** Forgets a purged key's material. */
  forget(kidPrefix: string): void {
    for (const kid of this.#entries.keys()) if (kid.startsWith(kidPrefix)) this.#entries.delete(kid);
  }
}
