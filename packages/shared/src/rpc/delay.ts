/** Resolves after `ms` of real time. Used only for injected latency, never to wait for a condition. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
