import { z } from 'zod';

/**
 * Per-step learning-rate schedules. A schedule is a pure function of the
 * global step (the optimizer's iteration count, saved in every checkpoint), so
 * a resumed run uses exactly the rates the uninterrupted run would have.
 */
export const LrScheduleSchema = z.enum(['constant', 'cosine', 'linear']);
export type LrSchedule = z.infer<typeof LrScheduleSchema>;

/** Inputs of {@link learningRateAt}. */
export interface LrScheduleSpec {
  /** Peak learning rate (after warm-up). */
  learningRate: number;
  schedule: LrSchedule;
  /** Linear warm-up from ~0 to `learningRate` over the first `warmupSteps` steps (0 = none). */
  warmupSteps: number;
  /** Steps of the whole run; decay reaches 0 at the last step. Ignored by 'constant'. */
  totalSteps: number;
}

/**
 * Learning rate for the 0-based global `step`:
 * - warm-up (step < warmupSteps): `learningRate * (step + 1) / warmupSteps`;
 * - then 'constant': `learningRate`; 'linear': decays linearly to 0 at
 *   `totalSteps`; 'cosine': half-cosine from `learningRate` to 0 at `totalSteps`.
 * Steps past `totalSteps` keep the final rate (0 for decays). Never negative.
 */
export function learningRateAt(step: number, spec: LrScheduleSpec): number {
  const { learningRate, schedule, warmupSteps, totalSteps } = spec;
  if (warmupSteps > 0 && step < warmupSteps) return (learningRate * (step + 1)) / warmupSteps;
  if (schedule === 'constant') return learningRate;
  const decaySteps = Math.max(1, totalSteps - warmupSteps);
  const progress = Math.min(1, Math.max(0, (step - warmupSteps) / decaySteps));
  if (schedule === 'linear') return learningRate * (1 - progress);
  return learningRate * 0.5 * (1 + Math.cos(Math.PI * progress));
}

/** Warm-up steps for a fraction of the run, at least 1 when the fraction is > 0. */
export function warmupStepsFor(fraction: number, totalSteps: number): number {
  return fraction > 0 ? Math.max(1, Math.round(fraction * totalSteps)) : 0;
}
