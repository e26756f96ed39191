import {
  type Contract,
  chaosContract,
  clockContract,
  entraContract,
  globalScope,
  keyvaultContract,
  storageContract,
  testbedContract,
} from '@cmk-testbed/shared';

/** One service scope on the bus: what the fuzzer aims its messages at, and the row of its report. */
export interface FuzzTarget {
  /** `storage/eastus`, `entra/global`, ... */
  label: string;
  contract: Contract;
  scope: string;
}

/** Every contract of the testbed: global services once, regional ones in every region of the topology. */
export function fuzzTargets(regions: readonly string[]): FuzzTarget[] {
  const global = (contract: Contract): FuzzTarget => ({
    label: `${contract.service}/${globalScope}`,
    contract,
    scope: globalScope,
  });
  const regional = (contract: Contract): FuzzTarget[] =>
    regions.map((region) => ({ label: `${contract.service}/${region}`, contract, scope: region }));
  return [
    global(entraContract),
    ...regional(keyvaultContract),
    ...regional(storageContract),
    global(clockContract),
    global(chaosContract),
    // The supervisor last: it owns every other process, so if it falls the rest of the run says nothing.
    global(testbedContract),
  ];
}
