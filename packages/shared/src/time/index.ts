export type { Clock } from './clock.js';
export {
  type ClockReading,
  type ClockSkew,
  ClockStore,
  clockBucketName,
  clockSkewKey,
} from './clock-store.js';
export { parseDuration } from './duration.js';
export { FakeClock } from './fake-clock.js';
export { TestbedClock } from './testbed-clock.js';
export { TimerQueue } from './timer-queue.js';
