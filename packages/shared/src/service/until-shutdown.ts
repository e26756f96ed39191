/**
 * Resolves on SIGTERM or SIGINT, or, for a supervised process, when stdin closes: the supervisor holds the
 * other end, so a vanished supervisor never leaves this process behind.
 */
export function untilShutdown(options: { supervised: boolean }): Promise<string> {
  return new Promise((resolve) => {
    const done = (reason: string) => () => resolve(reason);
    process.once('SIGTERM', done('SIGTERM'));
    process.once('SIGINT', done('SIGINT'));
    if (options.supervised) {
      process.stdin.resume();
      process.stdin.once('end', done('supervisor gone (stdin closed)'));
      process.stdin.once('error', done('supervisor gone (stdin error)'));
    }
  });
}
