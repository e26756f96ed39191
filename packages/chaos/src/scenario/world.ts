import type { Testbed } from '@cmk-testbed/shared';
import type { Operator } from '../admin/operator.js';
import { accountIdentity, accountRequest, encryption } from './arm-shapes.js';
import { describeIssues } from './load.js';
import type { RunNames } from './names.js';
import { PrincipalTokens } from './principal-tokens.js';
import { type AccountSpec, accountSpec, type PrincipalRef, type Scenario } from './schema.js';
import { WorldBuilder } from './world-builder.js';
import { WorldObjects } from './world-objects.js';

/**
 * The real objects behind a scenario's symbolic names, and all a step needs of them: the objects and their
 * lookups (`WorldObjects`), their creation from the setup (`WorldBuilder`), the principals' ids and tokens
 * (`PrincipalTokens`) and ARM request shapes with the names resolved (`arm-shapes`).
 */
export class ScenarioWorld extends WorldObjects {
  readonly #tb: Testbed;
  readonly #operator: Operator;
  readonly #scenario: Scenario;
  readonly #run: RunNames;
  readonly #tokens: PrincipalTokens;

  constructor(tb: Testbed, operator: Operator, scenario: Scenario, run: RunNames) {
    super(tb);
    this.#tb = tb;
    this.#operator = operator;
    this.#scenario = scenario;
    this.#run = run;
    this.#tokens = new PrincipalTokens(tb, this, scenario.setup);
  }

  /** Creates the setup's entries; the first that cannot be made stops it with a `SetupError`. */
  build(): Promise<void> {
    return new WorldBuilder({
      tb: this.#tb,
      operator: this.#operator,
      scenario: this.#scenario,
      run: this.#run,
      world: this,
      tokens: this.#tokens,
    }).build();
  }

  /** The testbed time as this runner sees it. */
  now(): number {
    return this.#tb.now();
  }

  /**
   * A `storage.createAccount` step for an account not in setup: `with` is written like a setup account
   * (tenant, region, identity, encryption with symbolic names). Registers the run-scoped name first, so
   * later steps can name the account even when its creation is refused.
   */
  newAccountRequest(symbol: string, input: Record<string, unknown>): Record<string, unknown> {
    const parsed = accountSpec.safeParse({ name: symbol, ...input });
    if (!parsed.success) throw new Error(`with: ${describeIssues(parsed.error)}`);
    return accountRequest(this, this.#run, this.#scenario.profile, parsed.data);
  }

  principalId(ref: PrincipalRef): Promise<string> {
    return this.#tokens.principalId(ref);
  }

  /** A real vault token of the principal, as its workload would get it. */
  vaultToken(ref: PrincipalRef): Promise<string> {
    return this.#tokens.vaultToken(ref);
  }

  /** An account's `identity` with user-assigned identity names turned into ARM ids. */
  accountIdentity(spec: NonNullable<AccountSpec['identity']>) {
    return accountIdentity(this, spec);
  }

  /** `properties.encryption` with the vault URI, identity and app resolved. */
  encryption(spec: NonNullable<AccountSpec['encryption']>) {
    return encryption(this, spec);
  }
}
