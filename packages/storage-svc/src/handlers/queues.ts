import { randomUUID } from 'node:crypto';
import type { HandlerContext, HandlerTable, storageContract } from '@cmk-testbed/shared';
import { validateQueueName } from '../rules/index.js';
import type { StoredMessage } from '../state/documents.js';
import { keyForData, openValue, sealValue } from '../state/sealed-values.js';
import { invalidInput, storageFailure } from '../state/storage-failures.js';
import type { StorageState } from '../state/storage-state.js';
import { requireAccount } from './accounts.js';

type Handlers = HandlerTable<typeof storageContract, StorageState>;

async function requireQueue(
  state: StorageState,
  account: string,
  queue: string,
  ctx: HandlerContext,
): Promise<void> {
  if (!(await state.store.queues(account).get(queue))) throw storageFailure('QueueNotFound', ctx);
}

const iso = (ms: number) => new Date(ms).toUTCString();

export const createQueue: Handlers['createQueue'] = async (req, state, ctx) => {
  await requireAccount(state, req.account, ctx);
  const bad = validateQueueName(req.queue);
  if (bad) throw invalidInput('InvalidResourceName', 'queue', bad, ctx);
  await state.store.queues(req.account).put(req.queue, { name: req.queue, metadata: req.metadata ?? {} });
  return {};
};

/** Message text is sealed under the account key only when the queue service was created with keyType Account. */
export const putMessage: Handlers['putMessage'] = async (req, state, ctx) => {
  const account = await requireAccount(state, req.account, ctx);
  await requireQueue(state, req.account, req.queue, ctx);
  const wrapping = await keyForData(state, account, 'putMessage', ctx);
  const now = ctx.clock.now();
  const messageId = randomUUID();
  const message: StoredMessage = {
    messageId,
    insertionTime: now,
    expirationTime: req.messagettl === -1 ? Number.MAX_SAFE_INTEGER : now + req.messagettl * 1000,
    visibleAt: now + req.visibilitytimeout * 1000,
    dequeueCount: 0,
    popReceipt: randomUUID(),
    text: sealValue({ text: req.text }, wrapping, messageId),
  };
  await state.store.messages(req.account, req.queue).create(messageId, message);
  return present(message);
};

function present(m: StoredMessage) {
  return {
    messageId: m.messageId,
    insertionTime: iso(m.insertionTime),
    expirationTime: iso(Math.min(m.expirationTime, 8_640_000_000_000_000)),
    popReceipt: m.popReceipt,
    timeNextVisible: iso(m.visibleAt),
  };
}

async function visible(
  state: StorageState,
  account: string,
  queue: string,
  now: number,
): Promise<StoredMessage[]> {
  return (await state.store.messages(account, queue).list())
    .filter((m) => m.visibleAt <= now && m.expirationTime > now)
    .sort((a, b) => a.insertionTime - b.insertionTime);
}

export const getMessages: Handlers['getMessages'] = async (req, state, ctx) => {
  const account = await requireAccount(state, req.account, ctx);
  await requireQueue(state, req.account, req.queue, ctx);
  const wrapping = await keyForData(state, account, 'getMessages', ctx);
  const now = ctx.clock.now();
  const picked = (await visible(state, req.account, req.queue, now)).slice(0, req.numofmessages);
  const messages = [];
  for (const m of picked) {
    const updated = await state.store.messages(req.account, req.queue).mutate(m.messageId, (current) =>
      current
        ? {
            ...current,
            visibleAt: now + req.visibilitytimeout * 1000,
            dequeueCount: current.dequeueCount + 1,
            popReceipt: randomUUID(),
          }
        : current,
    );
    if (!updated) continue;
    const wrap = updated.text.by === 'account' ? wrapping : { key: state.platformKey };
    messages.push({
      ...present(updated),
      messageText: openValue(updated.text, wrap, updated.messageId).text ?? '',
      dequeueCount: updated.dequeueCount,
    });
  }
  return { messages };
};

export const peekMessages: Handlers['peekMessages'] = async (req, state, ctx) => {
  const account = await requireAccount(state, req.account, ctx);
  await requireQueue(state, req.account, req.queue, ctx);
  const wrapping = await keyForData(state, account, 'peekMessages', ctx);
  const picked = (await visible(state, req.account, req.queue, ctx.clock.now())).slice(0, req.numofmessages);
  return {
    messages: picked.map((m) => ({
      messageId: m.messageId,
      messageText:
        openValue(m.text, m.text.by === 'account' ? wrapping : { key: state.platformKey }, m.messageId)
          .text ?? '',
      dequeueCount: m.dequeueCount,
    })),
  };
};

/** Deleting a message touches no content: it proceeds during a revocation (a testbed choice, see rules). */
export const deleteMessage: Handlers['deleteMessage'] = async (req, state, ctx) => {
  await requireAccount(state, req.account, ctx);
  await requireQueue(state, req.account, req.queue, ctx);
  const message = (await state.store.messages(req.account, req.queue).get(req.messageId))?.value;
  if (!message || message.popReceipt !== req.popReceipt) throw storageFailure('MessageNotFound', ctx);
  await state.store.messages(req.account, req.queue).delete(req.messageId);
  return {};
};
