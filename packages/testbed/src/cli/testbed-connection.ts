import {
  type Caller,
  type ContractClient,
  chaosContract,
  client,
  clockContract,
  testbedContract,
} from '@cmk-testbed/shared';
import { connect, type NatsConnection } from 'nats';
import { readCurrent } from './state-file.js';

const cliCaller: Caller = { service: 'cli', instance: `cli-${process.pid}`, region: 'global' };

export interface TestbedConnection {
  natsUrl: string;
  nc: NatsConnection;
  testbed: ContractClient<typeof testbedContract>;
  clock: ContractClient<typeof clockContract>;
  chaos: ContractClient<typeof chaosContract>;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Finds the testbed to talk to: `--connect URL`, else `NATS_URL`, else the one `up` recorded in the home
 * folder; the error says how to get one when there is none.
 */
export async function connectToTestbed(options: {
  connect: string | undefined;
  envNatsUrl: string | undefined;
  home: string;
}): Promise<TestbedConnection> {
  const natsUrl = options.connect ?? options.envNatsUrl ?? (await readCurrent(options.home))?.natsUrl;
  if (!natsUrl) {
    throw new Error(
      `No testbed found: ${options.home}/current.json does not exist. Start one with 'cmk-testbed up --detach', or pass --connect NATS_URL.`,
    );
  }
  let nc: NatsConnection;
  try {
    nc = await connect({ servers: natsUrl.split(','), name: cliCaller.instance, timeout: 3000 });
  } catch (error) {
    throw new Error(`Cannot reach the testbed's NATS at ${natsUrl}: ${(error as Error).message}`);
  }
  const close = () => nc.close();
  return {
    natsUrl,
    nc,
    testbed: client(nc, testbedContract, { caller: cliCaller, timeoutMs: 30_000 }),
    clock: client(nc, clockContract, { caller: cliCaller }),
    chaos: client(nc, chaosContract, { caller: cliCaller, timeoutMs: 10_000 }),
    close,
    [Symbol.asyncDispose]: close,
  };
}
