/**
 * `${...}` references in a step's `with` and `expect`: `${v1}` is a value saved by an earlier step,
 * `${acct1.principalId}` an attribute of a setup object. A string that is exactly one reference takes the
 * referenced value's type; references inside a longer string are spliced in as text.
 */
export type Lookup = (reference: string) => unknown;

const whole = /^\$\{([^}]+)\}$/;
const anywhere = /\$\{([^}]+)\}/g;

export class ScenarioReferenceError extends Error {
  override readonly name = 'ScenarioReferenceError';
}

export function substitute(value: unknown, lookup: Lookup, path: string): unknown {
  if (typeof value === 'string') {
    const single = whole.exec(value);
    if (single) return resolve(single[1]!, lookup, path);
    return value.replace(anywhere, (_m, ref: string) => String(resolve(ref, lookup, path)));
  }
  if (Array.isArray(value)) return value.map((item, i) => substitute(item, lookup, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, substitute(item, lookup, `${path}.${key}`)]),
    );
  }
  return value;
}

function resolve(reference: string, lookup: Lookup, path: string): unknown {
  const found = lookup(reference.trim());
  if (found === undefined)
    throw new ScenarioReferenceError(`${path}: \${${reference}} names nothing saved or set up`);
  return found;
}

/**
 * A value at a dotted path (`key.kid`, `value[0].name`, `value.0.name`) of a reply. A Key Vault key id
 * (`https://<vault>.vault.azure.net/keys/<name>/<version>`) has the parts the Azure SDKs' identifier gives:
 * `${kid.version}`, `${kid.name}`, `${kid.vaultUrl}`, so a scenario can pin the version it just read.
 */
export function pick(value: unknown, path: string): unknown {
  let current: unknown = value;
  const parts = path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean);
  for (const part of parts) {
    if (typeof current === 'string') {
      current = keyIdPart(current, part);
      continue;
    }
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

const keyId = /^(https:\/\/[^/]+)\/(?:keys|deletedkeys)\/([^/]+)(?:\/([^/]+))?$/;

function keyIdPart(id: string, part: string): string | undefined {
  const match = keyId.exec(id);
  if (!match) return undefined;
  if (part === 'vaultUrl') return match[1];
  if (part === 'name') return match[2];
  if (part === 'version') return match[3];
  return undefined;
}
