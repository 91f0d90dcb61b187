import { z } from 'zod';

/**
 * Live control of a running sweep: the commands users send (Web UI signal,
 * CLI update), their validation and their effect. Pure and deterministic, so
 * it runs inside the workflow and in unit tests alike.
 */
export const SweepCommandSchema = z.discriminatedUnion(
  'action',
  [
    z.strictObject({ action: z.literal('pause') }),
    z.strictObject({ action: z.literal('resume') }),
    z.strictObject({ action: z.literal('stop'), reason: z.string().max(500).optional() }),
    z
      .strictObject({
        action: z.literal('set-budget'),
        maxTrials: z.number().int().min(1, 'maxTrials must be at least 1').max(100_000).optional(),
        parallelism: z.number().int().min(1, 'parallelism must be at least 1').max(256).optional(),
        maxFailedTrials: z.number().int().min(1).optional(),
      })
      .refine(
        (c) => c.maxTrials !== undefined || c.parallelism !== undefined || c.maxFailedTrials !== undefined,
        'set-budget needs maxTrials, parallelism or maxFailedTrials',
      ),
  ],
  { error: 'action must be one of "pause", "resume", "stop", "set-budget"' },
);
export type SweepCommand = z.infer<typeof SweepCommandSchema>;

/** The mutable knobs of a sweep (carried across continue-as-new). */
export interface SweepControlState {
  paused: boolean;
  stopRequested: boolean;
  stopReason?: string;
  maxTrials: number;
  parallelism: number;
  maxFailedTrials?: number;
}

/** One line of the audit list: every command, applied or rejected. */
export interface AuditEntry {
  at: string;
  via: 'update' | 'signal';
  command: unknown;
  outcome: 'applied' | 'rejected';
  message: string;
}

/**
 * Parses a command; the error message names each bad field.
 * @throws Error (the update validator turns it into a rejected update).
 */
export function parseSweepCommand(input: unknown): SweepCommand {
  const result = SweepCommandSchema.safeParse(input);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'command'}: ${i.message}`);
  throw new Error(`Invalid sweep command: ${lines.join('; ')}`);
}

/**
 * Applies a valid command. Shrinking maxTrials below the trials already started
 * clamps it to that number (they run to the end). Returns the new state and a
 * human-readable message for the audit list.
 */
export function applySweepCommand(
  state: SweepControlState,
  command: SweepCommand,
  started: number,
): { state: SweepControlState; message: string } {
  switch (command.action) {
    case 'pause':
      return {
        state: { ...state, paused: true },
        message: state.paused ? 'already paused' : 'paused: no new trials until resumed; running trials continue',
      };
    case 'resume':
      return { state: { ...state, paused: false }, message: state.paused ? 'resumed' : 'was not paused' };
    case 'stop':
      return {
        state: { ...state, stopRequested: true, stopReason: command.reason ?? 'stopped by user' },
        message: 'stopping: no new trials; running trials finish and are recorded',
      };
    case 'set-budget': {
      const next = { ...state };
      const notes: string[] = [];
      if (command.maxTrials !== undefined) {
        next.maxTrials = Math.max(command.maxTrials, started);
        notes.push(
          next.maxTrials === command.maxTrials
            ? `maxTrials ${state.maxTrials} -> ${next.maxTrials}`
            : `maxTrials clamped to ${started} (already started)`,
        );
      }
      if (command.parallelism !== undefined) {
        next.parallelism = command.parallelism;
        notes.push(`parallelism ${state.parallelism} -> ${next.parallelism}`);
      }
      if (command.maxFailedTrials !== undefined) {
        next.maxFailedTrials = command.maxFailedTrials;
        notes.push(`maxFailedTrials -> ${next.maxFailedTrials}`);
      }
      return { state: next, message: notes.join(', ') };
    }
  }
}
