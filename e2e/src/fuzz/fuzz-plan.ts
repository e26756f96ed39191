import { callHeaders, properCallHeaders } from './call-headers.js';
import { type FuzzMessage, headerRoomBytes, type MessageMaker } from './fuzz-message.js';
import type { FuzzTarget } from './fuzz-targets.js';
import { hugeRequest, pickPayloadKind } from './payload-kinds.js';
import type { Prng } from './prng.js';

/**
 * A target's main run, made lazily in a fixed order so a seed replays it: `minMessages` spread evenly over
 * the contract's operations, each with a random payload kind and header variant, then `unknownMessages` to
 * operations and scopes of the service's subject tree that nobody serves.
 */
export function* planMessages(
  maker: MessageMaker,
  counts: { minMessages: number; unknownMessages: number },
): Generator<FuzzMessage> {
  const { prng, maxPayload } = maker.options;
  const { operations } = maker;
  const rounds = Math.ceil(counts.minMessages / operations.length);
  for (let round = 0; round < rounds; round++) {
    for (const operation of operations) {
      const kind = pickPayloadKind(prng);
      let data = kind.make(maker.context(operation));
      // An unlucky draw of several 100k values may outgrow the message; the size boundary has its own rows.
      if (data.length > maxPayload - headerRoomBytes) data = prng.bytes(64);
      yield maker.make(operation, kind.name, data, callHeaders(prng, Date.now()), 'answer');
    }
  }
  for (let i = 0; i < counts.unknownMessages; i++) {
    const { operation, scope } = unknownAddress(prng, maker.target, operations);
    const kind = pickPayloadKind(prng);
    const data =
      kind.name === 'huge-field' ? prng.bytes(16) : kind.make(maker.context(prng.pick(operations)));
    const label = `unknown-${scope === maker.target.scope ? 'operation' : 'scope'}:${kind.name}`;
    yield maker.make(operation, label, data, callHeaders(prng, Date.now()), 'no-responders', scope);
  }
}

/**
 * The payload size boundary: a request of exactly max_payload to every operation, its biggest string field
 * filling it, is carried and must be answered; one byte more, or a header on top, is refused by the client.
 * Sent after the main run, since a service that cannot answer a maximal request tends to fall over on it.
 */
export function* planSizeBoundary(maker: MessageMaker): Generator<FuzzMessage> {
  const { prng, maxPayload } = maker.options;
  const none = { variant: 'none', headers: undefined };
  for (const operation of maker.operations) {
    const data = hugeRequest(maker.context(operation, maxPayload));
    yield maker.make(operation, 'exactly-max-payload', data, none, 'by-size');
  }
  const edge = prng.pick(maker.operations);
  const over = hugeRequest(maker.context(edge, maxPayload + 1));
  yield maker.make(edge, 'max-payload+1', over, none, 'refused');
  const withHeader = hugeRequest(maker.context(edge, maxPayload - 8));
  const proper = { variant: 'proper', headers: properCallHeaders(Date.now()) };
  yield maker.make(edge, 'max-payload-with-header', withHeader, proper, 'by-size');
}

function unknownAddress(prng: Prng, target: FuzzTarget, operations: readonly string[]) {
  const op = prng.pick(operations);
  if (prng.chance(0.2)) {
    const scopes = target.contract.scope === 'global' ? ['eastus', 'westeurope'] : ['nowhere', 'global'];
    return { operation: op, scope: prng.pick(scopes) };
  }
  const candidates = [
    'nope',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    `${op}X`,
    op.toUpperCase(),
    `${op}.extra`,
    `${op}.${op}.${op}`,
    '$SRV',
    prng.int(2 ** 31).toString(36),
  ].filter((name) => !Object.hasOwn(target.contract.operations, name));
  return { operation: prng.pick(candidates), scope: target.scope };
}
