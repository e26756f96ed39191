import type { NatsConnection } from 'nats';
import type { FuzzMessage } from './fuzz-message.js';
import type { FuzzTarget } from './fuzz-targets.js';
import { type Judgement, judgeOutcome, type Verdict } from './judge-outcome.js';
import { sendMessage } from './send-message.js';
import { waitForService } from './wait-for-service.js';

/** A message that got an unacceptable outcome, with what it takes to find it again in a replay. */
export interface FuzzFailure {
  index: number;
  subject: string;
  kind: string;
  headerVariant: string;
  bytes: number;
  /** The first bytes of the body, hex. */
  head: string;
  verdict: Verdict;
  detail: string;
}

export interface TargetTally {
  label: string;
  sent: number;
  verdicts: Record<Verdict, number>;
  /** Error replies by `status code`: how far past validation the hostile requests got. */
  errors: Record<string, number>;
  failures: FuzzFailure[];
  failureCount: number;
  wallMs: number;
  /** Why the target was given up before its plan ran out (its service stopped answering), if it was. */
  abandoned: string | undefined;
  /** The slowest answers, for finding what makes a service slow. */
  slowest: { ms: number; index: number; subject: string; kind: string; headerVariant: string }[];
}

const keptFailures = 25;
/** Timeouts after which a target counts as hung (each costs the reply timeout, shared by those in flight). */
const maxTimeouts = 64;
/** How long a service that dropped off the bus gets to come back before its target is given up. */
const recoveryWaitMs = 5_000;

/** A stretch of a target's run: its messages and how many of them may be in flight at once. */
export interface FuzzPhase {
  plan: Iterator<FuzzMessage>;
  concurrency: number;
}

/**
 * Sends a target's messages phase by phase, judges every outcome, and counts. Each plan is a generator pulled
 * by the workers one message at a time, so the seed alone decides every message. A target whose service
 * stops answering is given up (and reported) rather than timed out message by message.
 */
export async function fuzzTarget(
  nc: NatsConnection,
  target: FuzzTarget,
  phases: readonly FuzzPhase[],
  timeoutMs: number,
): Promise<TargetTally> {
  const tally = newTally(target.label);
  const started = performance.now();
  let timeouts = 0;
  let recovering: Promise<void> | undefined;
  const worker = async (plan: Iterator<FuzzMessage>): Promise<void> => {
    for (let next = plan.next(); !next.done && !tally.abandoned; next = plan.next()) {
      const m = next.value;
      if (recovering) await recovering;
      if (tally.abandoned) return;
      const sentAt = performance.now();
      const judgement = judgeOutcome(m, await sendMessage(nc, m, timeoutMs));
      noteLatency(tally, m, performance.now() - sentAt);
      tally.sent++;
      tally.verdicts[judgement.verdict]++;
      if (judgement.error) tally.errors[judgement.error] = (tally.errors[judgement.error] ?? 0) + 1;
      if (judgement.ok) continue;
      if (judgement.verdict === 'timeout') timeouts++;
      if (timeouts >= maxTimeouts) tally.abandoned ??= `after ${timeouts} timeouts (${m.subject})`;
      if (judgement.verdict === 'no-responders' && m.expect === 'answer') {
        // Off the bus: back after a reconnect, or gone for good. Every worker waits for the answer.
        recovering ??= waitForService(nc, target, recoveryWaitMs).then((back) => {
          recovering = undefined;
          if (!back) tally.abandoned ??= `after message ${m.index} (${m.subject}): the service is gone`;
        });
      }
      recordFailure(tally, m, judgement);
    }
  };
  for (const { plan, concurrency } of phases) {
    await Promise.all(Array.from({ length: concurrency }, () => worker(plan)));
  }
  tally.wallMs = Math.round(performance.now() - started);
  return tally;
}

const keptSlowest = 5;

function noteLatency(tally: TargetTally, m: FuzzMessage, ms: number): void {
  const slowest = tally.slowest;
  if (slowest.length === keptSlowest && ms <= slowest[slowest.length - 1]!.ms) return;
  const { index, subject, kind, headerVariant } = m;
  slowest.push({ ms: Math.round(ms), index, subject, kind, headerVariant });
  slowest.sort((a, b) => b.ms - a.ms);
  if (slowest.length > keptSlowest) slowest.pop();
}

function newTally(label: string): TargetTally {
  const verdicts: Record<Verdict, number> = {
    valid: 0,
    'clean-error': 0,
    'internal-error': 0,
    'no-responders': 0,
    refused: 0,
    timeout: 0,
    'malformed-reply': 0,
    'client-error': 0,
  };
  return {
    label,
    sent: 0,
    verdicts,
    errors: {},
    failures: [],
    failureCount: 0,
    wallMs: 0,
    abandoned: undefined,
    slowest: [],
  };
}

function recordFailure(tally: TargetTally, m: FuzzMessage, judgement: Judgement): void {
  tally.failureCount++;
  if (tally.failures.length >= keptFailures) return;
  tally.failures.push({
    index: m.index,
    subject: m.subject,
    kind: m.kind,
    headerVariant: m.headerVariant,
    bytes: m.data.length,
    head: Buffer.from(m.data.subarray(0, 48)).toString('hex'),
    verdict: judgement.verdict,
    detail: judgement.detail,
  });
}
