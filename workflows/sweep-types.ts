import type { TrialData, TrialRecord } from '../activities/contracts';
import type { AuditEntry, SweepControlState } from './sweep-control';

/**
 * The sweep's state and result types, apart from hpo-sweep.ts so that the
 * recovery queries (recovery.ts) can name them without importing the
 * workflow that imports them (a circle, even if of types only).
 */

/** Compact state carried from one generation to the next. */
export interface SweepCarry {
  trials: TrialRecord[];
  audit: AuditEntry[];
  control: SweepControlState;
  startedAtMs: number;
  generation: number;
  data: TrialData;
  runPrefix: string;
}

export interface HpoSweepResult {
  trials: TrialRecord[];
  best?: TrialRecord;
  endReason: string;
  generations: number;
  audit: AuditEntry[];
  /** Where warm-start trials came from (they steer the sampler; they are not in `trials`). */
  warmStart?: { source: string; trials: number };
}
