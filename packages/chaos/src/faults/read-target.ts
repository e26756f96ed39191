import { type FaultRequest, FaultTargetError } from './fault-kind.js';

type Target = FaultRequest['target'];
type Params = FaultRequest['params'];
type Selector = keyof Target;
type Param = keyof Params;

export interface TargetShape<R extends Selector, O extends Selector> {
  required: readonly R[];
  optional?: readonly O[];
  params?: readonly Param[];
}

/**
 * The selectors and params an action kind reads, checked before anything changes: a missing selector is
 * `target.<name> is required`, and one the kind would silently ignore is refused too, since a fault that
 * does something other than what was written is worse than none.
 */
export function readTarget<R extends Selector, O extends Selector = never>(
  request: FaultRequest,
  shape: TargetShape<R, O>,
): Required<Pick<Target, R>> & Pick<Target, O> {
  const optional: readonly Selector[] = shape.optional ?? [];
  const reads = [...shape.required, ...optional];
  for (const name of shape.required) {
    if (request.target[name] === undefined) throw new FaultTargetError(`target.${name} is required`);
  }
  for (const [name, value] of Object.entries(request.target)) {
    if (value !== undefined && !reads.includes(name as Selector)) {
      throw new FaultTargetError(
        `target.${name}: not read by this kind (it reads ${reads.map((r) => `target.${r}`).join(', ')})`,
      );
    }
  }
  const params: readonly Param[] = shape.params ?? [];
  for (const [name, value] of Object.entries(request.params)) {
    if (value !== undefined && !params.includes(name as Param)) {
      throw new FaultTargetError(
        `params.${name}: not read by this kind${params.length > 0 ? ` (it reads ${params.map((p) => `params.${p}`).join(', ')})` : ''}`,
      );
    }
  }
  return request.target as Required<Pick<Target, R>> & Pick<Target, O>;
}
