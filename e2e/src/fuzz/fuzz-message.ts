import { operationSubject } from '@cmk-testbed/shared';
import type { MsgHdrs } from 'nats';
import type { FuzzTarget } from './fuzz-targets.js';
import { guardTestbedControls } from './guard-testbed-controls.js';
import type { PayloadContext } from './payload-kinds.js';
import type { Prng } from './prng.js';
import type { ShapeFiller } from './shape-filler.js';

/** What a message should get: an answer (valid or a clean error), NATS "no responders", or a local refusal. */
export type Expectation = 'answer' | 'no-responders' | 'refused';

export interface FuzzMessage {
  index: number;
  target: FuzzTarget;
  operation: string;
  subject: string;
  kind: string;
  headerVariant: string;
  data: Uint8Array;
  headers: MsgHdrs | undefined;
  expect: Expectation;
}

export interface MakerOptions {
  prng: Prng;
  filler: ShapeFiller;
  pool: readonly unknown[];
  /** The server's max_payload (bytes, headers included). */
  maxPayload: number;
}

/** Room left for headers (the oversized Cmk-Call variant is about 11 KB) below max_payload. */
export const headerRoomBytes = 16 * 1024;
/** More than the encoded proper Cmk-Call header, so a body this much under max_payload still overflows. */
const properHeaderBytes = 100;

/**
 * Makes one target's messages, numbered in the order they are made (the number a failure report and a
 * replay refer to), with the testbed-control guard applied to every body.
 */
export class MessageMaker {
  readonly target: FuzzTarget;
  readonly options: MakerOptions;
  readonly operations: readonly string[];
  #index = 0;

  constructor(target: FuzzTarget, options: MakerOptions) {
    this.target = target;
    this.options = options;
    this.operations = Object.keys(target.contract.operations);
  }

  /** What a payload kind needs to build a body for `operation`, huge ones `hugeBytes` long. */
  context(operation: string, hugeBytes = this.options.maxPayload - headerRoomBytes): PayloadContext {
    const { prng, filler, pool } = this.options;
    return { prng, filler, pool, spec: this.target.contract.operations[operation]!, hugeBytes };
  }

  /**
   * A message to `operation` in `scope` (the target's own by default). `by-size` expects an answer if the
   * bytes that go out (guard applied, header included) fit max_payload, and a client refusal otherwise.
   */
  make(
    operation: string,
    kind: string,
    data: Uint8Array,
    call: { variant: string; headers: MsgHdrs | undefined },
    expect: Expectation | 'by-size',
    scope = this.target.scope,
  ): FuzzMessage {
    const { contract } = this.target;
    const spec = contract.operations[operation];
    const guarded = spec ? guardTestbedControls(contract.service, operation, spec, data) : data;
    const size = guarded.length + (call.headers ? properHeaderBytes : 0);
    return {
      index: this.#index++,
      target: this.target,
      operation,
      subject: operationSubject(contract, scope, operation),
      kind,
      headerVariant: call.variant,
      data: guarded,
      headers: call.headers,
      expect: expect !== 'by-size' ? expect : size > this.options.maxPayload ? 'refused' : 'answer',
    };
  }
}
