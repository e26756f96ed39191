import { randomGuid } from './hostile-values.js';
import type { Prng } from './prng.js';

/** The part of a zod schema the filler uses: its public `safeParse`, and `shape`/`unwrap`/`element` if any. */
interface SchemaLike {
  safeParse(value: unknown): { success: boolean };
}

type Shape = Record<string, SchemaLike>;

function unwrapped(schema: SchemaLike): SchemaLike {
  let s = schema as SchemaLike & { unwrap?: () => SchemaLike };
  // optional(), default(), nullable() wrap the object or array a field really holds.
  for (let i = 0; i < 4 && typeof s.unwrap === 'function' && !('element' in s); i++) s = s.unwrap();
  return s;
}

function shapeOf(schema: SchemaLike): Shape | undefined {
  const shape = (unwrapped(schema) as { shape?: unknown }).shape;
  return shape && typeof shape === 'object' ? (shape as Shape) : undefined;
}

function elementOf(schema: SchemaLike): SchemaLike | undefined {
  const element = (unwrapped(schema) as { element?: unknown }).element;
  return element && typeof (element as SchemaLike).safeParse === 'function'
    ? (element as SchemaLike)
    : undefined;
}

/**
 * Fills an operation's request shape with hostile values. `absurd` picks, per field, a value the field's own
 * schema accepts (a 10k-character name, a negative size, a lone surrogate...), so the request gets past
 * validation into the handler; `mixed` lets half the fields carry a value of the wrong type and adds unknown
 * fields. Field schemas are probed through zod's public `safeParse`, so no contract is restated here.
 */
export class ShapeFiller {
  readonly #pool: readonly unknown[];
  readonly #prng: Prng;
  readonly #accepted = new Map<SchemaLike, unknown[]>();

  constructor(pool: readonly unknown[], prng: Prng) {
    this.#pool = pool;
    this.#prng = prng;
  }

  /** A request object for `schema` (a plain hostile value when it has no object shape). */
  fill(schema: SchemaLike, mode: 'absurd' | 'mixed', depth = 0): unknown {
    const shape = shapeOf(schema);
    if (!shape) return this.#leaf(schema, mode);
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(shape)) {
      if (this.#prng.chance(0.1)) continue;
      out[key] = this.#value(field, mode, depth);
    }
    if (mode === 'mixed' && this.#prng.chance(0.15))
      out[`fuzz${this.#prng.int(100)}`] = this.#prng.pick(this.#pool);
    return out;
  }

  /** The field names of an operation's request (empty when the request is not an object). */
  keysOf(schema: SchemaLike): string[] {
    return Object.keys(shapeOf(schema) ?? {});
  }

  /** The fields of `schema` that accept a string of `length` characters: where a huge value goes deepest. */
  keysAcceptingLongStrings(schema: SchemaLike, length: number): string[] {
    const probe = 'x'.repeat(length);
    return Object.entries(shapeOf(schema) ?? {})
      .filter(([, field]) => field.safeParse(probe).success)
      .map(([key]) => key);
  }

  #value(field: SchemaLike, mode: 'absurd' | 'mixed', depth: number): unknown {
    if (depth < 3 && this.#prng.chance(0.7)) {
      if (shapeOf(field)) return this.fill(field, mode, depth + 1);
      const element = elementOf(field);
      if (element && shapeOf(element)) {
        return Array.from({ length: 1 + this.#prng.int(3) }, () => this.fill(element, mode, depth + 1));
      }
    }
    return this.#leaf(field, mode);
  }

  #leaf(field: SchemaLike, mode: 'absurd' | 'mixed'): unknown {
    if (this.#prng.chance(0.1)) {
      const guid = randomGuid(this.#prng);
      if (field.safeParse(guid).success) return guid;
    }
    const accepted = this.#acceptedBy(field);
    const typed = mode === 'absurd' || this.#prng.chance(0.5);
    return typed && accepted.length > 0 ? this.#prng.pick(accepted) : this.#prng.pick(this.#pool);
  }

  #acceptedBy(field: SchemaLike): unknown[] {
    let accepted = this.#accepted.get(field);
    if (!accepted) {
      accepted = this.#pool.filter((value) => field.safeParse(value).success);
      this.#accepted.set(field, accepted);
    }
    return accepted;
  }
}
