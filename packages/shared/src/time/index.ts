export type { Clock } from './clock.js';
export { type ClockReading, ClockStore, clockBucketName } from './clock-store.js';
export { parseDuration } from './duration.js';
export { FakeClock } from './fake-clock.js';
export { TestbedClock } from './testbed-clock.js';
export { TimerQueue } from './timer-queue.js';
