import { z } from 'zod';

/** One operation of a contract: a description for discovery, the request schema and the reply schema. */
export function op<Req extends z.ZodType, Rep extends z.ZodType>(
  description: string,
  request: Req,
  reply: Rep,
) {
  return { description, request, reply };
}

/** A request object that refuses unknown fields, so a typo is an error naming the field, not silently ignored. */
export function obj<S extends z.ZodRawShape>(shape: S) {
  return z.object(shape).strict();
}

/** The reply of an operation that returns nothing. */
export const empty = z.object({});
