import { decodeBody, encodeBody, type OperationSpec } from '@cmk-testbed/shared';

/**
 * Operations a request that passes validation would turn against the run itself rather than the Azure world
 * it models: stopping the testbed, moving the shared clock (it never moves back) and injecting faults. The
 * fuzzer still sends them every kind of bad input; it only never sends them a request they would act on.
 * (The clock's absurd-but-valid values get their own test, last, on purpose.)
 */
const controls: Record<string, readonly string[]> = {
  testbed: ['shutdown'],
  clock: ['advance', 'set'],
  chaos: ['inject'],
};

/** `data` as it is, or, if the service would act on it, the same request with a field the contract refuses. */
export function guardTestbedControls(
  service: string,
  operation: string,
  spec: OperationSpec,
  data: Uint8Array,
): Uint8Array {
  if (!controls[service]?.includes(operation)) return data;
  let body: unknown;
  try {
    body = decodeBody(data);
  } catch {
    return data;
  }
  // The server validates `body ?? {}`: an empty or nil body is an empty request.
  if (!spec.request.safeParse(body ?? {}).success) return data;
  const object = typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {};
  const refused = encodeBody({ ...object, fuzzGuard: true });
  if (spec.request.safeParse(decodeBody(refused)).success) {
    throw new Error(`guard: ${service}.${operation} accepts unknown fields; the fuzzer cannot make it safe`);
  }
  return refused;
}
