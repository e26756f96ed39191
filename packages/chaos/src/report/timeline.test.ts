import { describe, expect, it } from 'vitest';
import { ScenarioBuilder, vaultOutage } from './testing-fixtures.js';
import { buildTimeline } from './timeline.js';

const other = { faultId: 'flt-other', kind: 'region-partition', target: { regions: ['eastus', 'westus'] } };

function scenario() {
  return new ScenarioBuilder({ name: 's', file: 's.yaml', startedAt: 1_000_000 }).setup(500);
}

describe('the timeline of a scenario', () => {
  it('shows a fault from the first to the last of the consecutive steps it was in force for', () => {
    const built = scenario()
      .step({ do: 'a', ms: 10 })
      .step({ do: 'b', ms: 20, faults: [vaultOutage] })
      .step({ do: 'c', ms: 30, faults: [vaultOutage, other] })
      .step({ do: 'd', ms: 40 })
      .build();
    const timeline = buildTimeline(built);
    const [vault, partition] = timeline.faultLanes;
    expect(timeline.faultLanes).toHaveLength(2);
    expect(vault?.windows).toHaveLength(1);
    expect(vault?.windows[0]?.fromMs).toBe(built.steps[1]!.startedAt - timeline.startedAt);
    expect(vault?.windows[0]?.toMs).toBe(built.steps[2]!.endedAt - timeline.startedAt);
    expect(partition?.windows.map((w) => w.firstStep.index)).toEqual([2]);
  });

  it('gives a fault that goes and comes back two windows in one lane', () => {
    const built = scenario()
      .step({ do: 'a', ms: 10, faults: [vaultOutage] })
      .step({ do: 'b', ms: 10 })
      .step({ do: 'c', ms: 10, faults: [vaultOutage] })
      .build();
    const [lane] = buildTimeline(built).faultLanes;
    expect(lane?.windows.map((w) => [w.firstStep.index, w.lastStep.index])).toEqual([
      [0, 0],
      [2, 2],
    ]);
  });

  it('counts only what a step moved the clock beyond the real time it took as a jump', () => {
    const built = scenario()
      .step({ do: 'storage.getBlob', ms: 4_000, attempts: 9 })
      .step({ do: 'clock.advance', ms: 12, advancesClockMs: 3_600_000 })
      .build();
    const jumps = buildTimeline(built).clockJumps;
    expect(jumps.map((jump) => [jump.step.index, jump.deltaMs])).toEqual([[1, 3_600_000]]);
  });

  it('starts the axis at the first step, sets setup beside it and steps that never ran apart', () => {
    const built = scenario()
      .step({ do: 'a', ms: 10, outcome: 'failed', failure: 'x' })
      .step({ do: 'b', ms: 0, outcome: 'skipped' })
      .build();
    const timeline = buildTimeline(built);
    expect(timeline.startedAt).toBe(built.steps[0]!.startedAt);
    expect(timeline.setup).toEqual({ outcome: 'passed', ms: 500 });
    expect(timeline.ran.map((placed) => placed.step.do)).toEqual(['a']);
    expect(timeline.skipped.map((step) => step.do)).toEqual(['b']);
  });
});
