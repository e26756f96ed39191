import { createServer } from 'node:net';

/** Hands out free TCP ports on 127.0.0.1, never the same one twice from one allocator. */
export interface PortAllocator {
  allocate(): Promise<number>;
}

const maxAttempts = 50;

export function createPortAllocator(): PortAllocator {
  // The OS may hand a just-closed ephemeral port out again; remembering what we gave keeps one plan collision-free.
  const issued = new Set<number>();
  return {
    async allocate() {
      for (let attempt = 0; attempt < maxAttempts; attempt++) {
        const port = await bindEphemeralPort();
        if (!issued.has(port)) {
          issued.add(port);
          return port;
        }
      }
      throw new Error(`could not find a free port after ${maxAttempts} attempts`);
    },
  };
}

function bindEphemeralPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('could not read the bound port'))));
    });
  });
}
