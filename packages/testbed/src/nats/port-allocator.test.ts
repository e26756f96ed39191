import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createPortAllocator } from './port-allocator.js';

describe('createPortAllocator', () => {
  it('never hands out the same port twice', async () => {
    const ports = createPortAllocator();
    const issued: number[] = [];
    for (let i = 0; i < 30; i++) issued.push(await ports.allocate());
    expect(new Set(issued).size).toBe(issued.length);
  });

  it('hands out a port that can be bound on 127.0.0.1', async () => {
    const port = await createPortAllocator().allocate();
    const server = createServer();
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', resolve);
      });
      expect(server.address()).toMatchObject({ port });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
