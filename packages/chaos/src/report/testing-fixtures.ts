import type {
  ActiveFault,
  RunResult,
  ScenarioResult,
  SetupResult,
  StepError,
  StepOutcome,
  StepResult,
} from '../scenario/result.js';

/** Test-only: realistic RunResults for the report tests and the screenshot check. */

export interface StepSpec {
  do: string;
  ms: number;
  outcome?: StepOutcome;
  request?: unknown;
  reply?: unknown;
  error?: StepError;
  expect?: unknown;
  failure?: string;
  faults?: ActiveFault[];
  attempts?: number;
  /** How far the step moves the testbed clock (clock.advance). */
  advancesClockMs?: number;
}

const gapBetweenStepsMs = 3;

/**
 * Lays steps out one after another on real time with a testbed clock that runs with it, the way the runner
 * records them; the outcome and the scenario's `failure` line are derived like the runner derives them.
 */
export class ScenarioBuilder {
  private now: number;
  private clockOffsetMs = 0;
  private setupResult: SetupResult | undefined;
  private readonly steps: StepResult[] = [];

  constructor(
    private readonly head: { name: string; file: string; description?: string; startedAt: number },
  ) {
    this.now = head.startedAt;
  }

  setup(ms: number, names: Record<string, string> = {}, failure?: string): this {
    const outcome = failure === undefined ? 'passed' : 'error';
    this.setupResult = { outcome, startedAt: this.now, endedAt: this.now + ms, failure, names };
    this.now += ms + gapBetweenStepsMs;
    return this;
  }

  step(spec: StepSpec): this {
    const skipped = spec.outcome === 'skipped';
    const ms = skipped ? 0 : spec.ms;
    // As the runner records a step that never ran: no clock readings, no attempts.
    const clockBefore = skipped ? 0 : this.now + this.clockOffsetMs;
    this.clockOffsetMs += spec.advancesClockMs ?? 0;
    this.steps.push({
      index: this.steps.length,
      do: spec.do,
      outcome: spec.outcome ?? 'passed',
      startedAt: this.now,
      endedAt: this.now + ms,
      clockBefore,
      clockAfter: skipped ? 0 : this.now + ms + this.clockOffsetMs,
      attempts: skipped ? 0 : (spec.attempts ?? 1),
      request: spec.request ?? {},
      ...(spec.reply === undefined ? {} : { reply: spec.reply }),
      ...(spec.error === undefined ? {} : { error: spec.error }),
      ...(spec.expect === undefined ? {} : { expect: spec.expect }),
      ...(spec.failure === undefined ? {} : { failure: spec.failure }),
      faults: spec.faults ?? [],
    });
    if (!skipped) this.now += ms + gapBetweenStepsMs;
    return this;
  }

  build(): ScenarioResult {
    const decisive = this.steps.find((step) => step.outcome === 'failed' || step.outcome === 'error');
    const setupFailed = this.setupResult?.outcome === 'error';
    const outcome = setupFailed || decisive?.outcome === 'error' ? 'error' : decisive ? 'failed' : 'passed';
    const failure = setupFailed
      ? this.setupResult?.failure
      : decisive && `step ${decisive.index + 1} ${decisive.do}: ${decisive.failure}`;
    return {
      name: this.head.name,
      file: this.head.file,
      description: this.head.description,
      outcome,
      startedAt: this.head.startedAt,
      endedAt: this.now,
      failure,
      setup: this.setupResult,
      steps: this.steps,
    };
  }

  get endedAt(): number {
    return this.now;
  }
}

/** A scenario whose file was refused before anything ran. */
export function unloadableScenario(file: string, reason: string, startedAt: number): ScenarioResult {
  const name = file.split('/').at(-1) ?? file;
  return {
    name,
    file,
    outcome: 'error',
    startedAt,
    endedAt: startedAt + 4,
    failure: `${file}: ${reason}`,
    steps: [],
  };
}

export function runOf(scenarios: ScenarioResult[], seed = 424242): RunResult {
  const startedAt = Math.min(...scenarios.map((scenario) => scenario.startedAt));
  const endedAt = Math.max(...scenarios.map((scenario) => scenario.endedAt));
  return { startedAt, endedAt: endedAt + 5, seed, natsUrl: 'nats://127.0.0.1:4222', scenarios };
}

export const fixtureStartedAt = Date.parse('2025-06-02T09:00:00.000Z');
export const hourMs = 3_600_000;
const text = (value: string) => new TextEncoder().encode(value);

export const vaultOutage: ActiveFault = {
  faultId: 'flt-7q2k',
  kind: 'vault-unavailable',
  target: { vault: 'kv1' },
};

/** Passes; a vault outage in force across steps 4 and 5 (indices 3, 4); step 6 (index 5) advances the clock 1 h. */
export function cachedKeyScenario(startedAt: number): ScenarioResult {
  const blob = { account: 'acct1r7f3', container: 'c1', blob: 'b1' };
  return (
    new ScenarioBuilder({
      name: 'vault-outage-served-from-key-cache',
      file: 'scenarios/vault-outage-served-from-key-cache.yaml',
      description:
        'A storage node keeps serving blobs from its unwrapped-key cache while the vault hangs, and fetches the key again once the cache TTL has passed on the testbed clock.',
      startedAt,
    })
      .setup(910, { contoso: 'contoso-r7f3', kv1: 'kv1-r7f3', uami1: 'uami1-r7f3', acct1: 'acct1r7f3' })
      .step({ do: 'storage.createContainer', ms: 38, request: { account: 'acct1r7f3', container: 'c1' } })
      .step({
        do: 'storage.putBlob',
        ms: 61,
        request: { ...blob, body: text('hello from contoso'), metadata: { team: 'red' } },
        reply: {
          etag: '"0x8DC1A2B3C4D5E6F"',
          contentMD5: new Uint8Array([0xff, 0x00, 0x9c, 0x81, 0xfe, 0x12]),
        },
      })
      .step({
        do: 'chaos.inject',
        ms: 24,
        request: { kind: 'vault-unavailable', target: { vault: 'kv1-r7f3' }, duration: 'PT10M' },
        reply: { faultId: vaultOutage.faultId },
      })
      .step({
        do: 'storage.getBlob',
        ms: 140,
        request: blob,
        reply: { body: Buffer.from('hello from contoso') },
        faults: [vaultOutage],
      })
      // The runner lists faults as a step starts: chaos.clear still sees the fault, chaos.inject not yet.
      .step({
        do: 'chaos.clear',
        ms: 20,
        request: { faultId: vaultOutage.faultId },
        reply: {},
        faults: [vaultOutage],
      })
      .step({
        do: 'clock.advance',
        ms: 17,
        request: { by: 'PT1H' },
        reply: { offsetMs: hourMs },
        advancesClockMs: hourMs,
      })
      .step({
        do: 'storage.getBlob',
        ms: 210,
        request: blob,
        reply: { body: Buffer.from('hello from contoso') },
      })
      .build()
  );
}

/** Fails at step 3 (index 2): expected 403 KeyVaultEncryptionKeyNotFound, the blob was served (200). */
export function disabledKeyScenario(startedAt: number): ScenarioResult {
  const blob = { account: 'acct1k2m9', container: 'c1', blob: 'b1' };
  return new ScenarioBuilder({
    name: 'disable-key-revokes-blob-reads',
    file: 'scenarios/disable-key-revokes-blob-reads.yaml',
    description:
      'Disabling the customer-managed key makes Get Blob fail with 403 KeyVaultEncryptionKeyNotFound.',
    startedAt,
  })
    .setup(760, { contoso: 'contoso-k2m9', kv1: 'kv1-k2m9', acct1: 'acct1k2m9' })
    .step({
      do: 'storage.putBlob',
      ms: 55,
      request: { ...blob, body: text('hello') },
      reply: { etag: '"0x1"' },
    })
    .step({
      do: 'keyvault.updateKey',
      ms: 42,
      request: { vault: 'kv1-k2m9', key: 'cmk', attributes: { enabled: false } },
      reply: { attributes: { enabled: false } },
    })
    .step({
      do: 'storage.getBlob',
      ms: 33,
      outcome: 'failed',
      request: blob,
      reply: { body: text('hello') },
      expect: { status: 403, code: 'KeyVaultEncryptionKeyNotFound' },
      failure: 'expected status 403 KeyVaultEncryptionKeyNotFound, got 200 OK',
    })
    .step({ do: 'storage.deleteBlob', ms: 0, outcome: 'skipped', request: blob })
    .build();
}

/** The realistic run of the report tests: one passed, one failed, one unloadable file. */
export function fixtureRun(): RunResult {
  const first = cachedKeyScenario(fixtureStartedAt);
  const second = disabledKeyScenario(first.endedAt + 5);
  const third = unloadableScenario(
    'scenarios/broken-firewall.yaml',
    "steps.2.do: unknown operation 'storage.getBlb' (did you mean storage.getBlob?)",
    second.endedAt + 5,
  );
  return runOf([first, second, third]);
}
