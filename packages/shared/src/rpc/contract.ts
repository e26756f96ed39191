import type { z } from 'zod';

/** Where a service's instances live on the bus: one queue group per region, or one for the whole testbed. */
export type ContractScope = 'region' | 'global';

export interface OperationSpec<Req extends z.ZodType = z.ZodType, Rep extends z.ZodType = z.ZodType> {
  request: Req;
  reply: Rep;
  /** One line for discovery ($SRV.INFO endpoint metadata) and docs. */
  description?: string;
}

export type OperationTable = Record<string, OperationSpec>;

export interface Contract<Ops extends OperationTable = OperationTable> {
  /** Short service name, one subject token: `entra`, `keyvault`, `storage`, `chaos`, `clock`, `testbed`. */
  readonly service: string;
  readonly scope: ContractScope;
  readonly version: string;
  readonly operations: Ops;
  /** The NATS services API name, used by `$SRV.PING.<serviceName>`. */
  readonly serviceName: string;
}

export type OperationName<C extends Contract> = Extract<keyof C['operations'], string>;
export type RequestOf<C extends Contract, K extends OperationName<C>> = z.input<
  C['operations'][K]['request']
>;
export type ParsedRequestOf<C extends Contract, K extends OperationName<C>> = z.output<
  C['operations'][K]['request']
>;
export type ReplyOf<C extends Contract, K extends OperationName<C>> = z.output<C['operations'][K]['reply']>;

const tokenPattern = /^[a-z][a-zA-Z0-9-]*$/;

/**
 * Declares a service's operations once: each operation maps to a zod request schema and a zod reply schema.
 * Both ends of the wire import the returned object, so the types can never drift apart.
 */
export function defineContract<const Ops extends OperationTable>(spec: {
  service: string;
  scope: ContractScope;
  version: string;
  operations: Ops;
}): Contract<Ops> {
  if (!tokenPattern.test(spec.service)) {
    throw new Error(`Contract service name '${spec.service}' must be one lowercase subject token`);
  }
  for (const name of Object.keys(spec.operations)) {
    if (!tokenPattern.test(name)) {
      throw new Error(`Operation '${spec.service}.${name}' must be one camelCase subject token`);
    }
  }
  return { ...spec, serviceName: `cmk-${spec.service}` };
}
