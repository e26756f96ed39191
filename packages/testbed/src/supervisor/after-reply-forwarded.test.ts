import { describe, expect, it, vi } from 'vitest';
import { afterReplyForwarded } from './after-reply-forwarded.js';

describe('afterReplyForwarded', () => {
  it('acts only once the flush has answered, and keeps a failing action to itself', async () => {
    let flushed!: () => void;
    const flush = vi.fn(() => new Promise<void>((resolve) => (flushed = resolve)));
    const action = vi.fn(async () => {
      throw new Error('the server was already gone');
    });
    afterReplyForwarded(flush, action);
    expect(flush).not.toHaveBeenCalled();
    // Callbacks queued with setImmediate run in order: the flush has been asked for, the action must wait.
    await new Promise(setImmediate);
    expect(flush).toHaveBeenCalledOnce();
    expect(action).not.toHaveBeenCalled();
    flushed();
    await vi.waitFor(() => expect(action).toHaveBeenCalledOnce());
  });
});
