// The lookup lives in shared so the test helper that starts nats-servers uses it too; launch-testbed imports it
// from here.
export { type FindNatsServerOptions, findNatsServer } from '@cmk-testbed/shared';
