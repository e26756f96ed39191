import type { ActiveFault, ScenarioResult, StepResult } from '../scenario/result.js';
import { clockJumpMs, movedClock } from './step-facts.js';

/** Times are ms from the timeline's start; a picture only needs to scale them. */
export interface Span {
  fromMs: number;
  toMs: number;
}

export interface FaultWindow extends Span {
  firstStep: StepResult;
  lastStep: StepResult;
}

/** One lane per fault: a fault that comes and goes between steps gets several windows in its lane. */
export interface FaultLane {
  fault: ActiveFault;
  windows: FaultWindow[];
}

export interface ClockJump {
  atMs: number;
  deltaMs: number;
  step: StepResult;
}

export interface Timeline {
  /** Epoch ms of the axis origin: the start of the first step that ran. */
  startedAt: number;
  spanMs: number;
  /**
   * Setup usually takes most of a scenario's time; on the same scale it would squeeze the steps into a sliver,
   * so it is drawn beside the axis, not on it.
   */
  setup?: { outcome: 'passed' | 'error'; ms: number };
  /** Steps that ran, placed on real time. */
  ran: Array<Span & { step: StepResult }>;
  /** Steps that never ran have no time of their own; they are drawn apart, after the timeline. */
  skipped: StepResult[];
  faultLanes: FaultLane[];
  clockJumps: ClockJump[];
}

/** Where everything in a scenario sits on its real-time axis. Pure data, so it is tested without SVG. */
export function buildTimeline(scenario: ScenarioResult): Timeline {
  const ran = scenario.steps.filter((step) => step.outcome !== 'skipped');
  const startedAt = ran.length > 0 ? Math.min(...ran.map((step) => step.startedAt)) : scenario.startedAt;
  const endedAt = ran.length > 0 ? Math.max(...ran.map((step) => step.endedAt)) : startedAt;
  const span = (from: number, to: number): Span => ({ fromMs: from - startedAt, toMs: to - startedAt });
  const setup = scenario.setup;
  return {
    startedAt,
    spanMs: Math.max(1, endedAt - startedAt),
    ...(setup ? { setup: { outcome: setup.outcome, ms: setup.endedAt - setup.startedAt } } : {}),
    ran: ran.map((step) => ({ ...span(step.startedAt, step.endedAt), step })),
    skipped: scenario.steps.filter((step) => step.outcome === 'skipped'),
    faultLanes: faultLanes(ran, span),
    clockJumps: ran.filter(movedClock).map((step) => ({
      atMs: step.endedAt - startedAt,
      deltaMs: clockJumpMs(step),
      step,
    })),
  };
}

/**
 * A fault is shown from the first step it was in force for to the last of the consecutive steps that saw it;
 * steps are the only moments the runner observes faults, so the window is as precise as the report can be.
 */
function faultLanes(ran: StepResult[], span: (from: number, to: number) => Span): FaultLane[] {
  const lanes = new Map<string, FaultLane>();
  ran.forEach((step, position) => {
    for (const fault of step.faults) {
      const lane = lanes.get(fault.faultId) ?? { fault, windows: [] };
      lanes.set(fault.faultId, lane);
      const last = lane.windows.at(-1);
      const continues = last !== undefined && ran[position - 1] === last.lastStep;
      if (continues) {
        last.lastStep = step;
        last.toMs = span(step.startedAt, step.endedAt).toMs;
      } else {
        lane.windows.push({ ...span(step.startedAt, step.endedAt), firstStep: step, lastStep: step });
      }
    }
  });
  return [...lanes.values()];
}
