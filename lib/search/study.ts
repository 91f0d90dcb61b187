import {
  ConstraintSchema,
  SearchSpaceSchema,
  checkConstraints,
  type Constraint,
  type Params,
  type SearchSpace,
} from './space/search-space-schema';
import { z } from 'zod';
import { ConfigError } from '../core/errors';
import {
  bestTrial,
  type PruneDecision,
  type Pruner,
  type Sampler,
  type SamplerFactory,
  type TrialObservation,
} from './types';
import { TpeSampler } from './samplers/tpe-sampler';

/**
 * Ask/tell library API over any objective, for use outside Temporal (notebooks,
 * scripts, benchmarks). The study is the only stateful object of lib/search: it
 * owns the trial history and hands it to the stateless sampler and pruner.
 */

export interface StudyOptions {
  /** The search space (validated; defaults such as `log: false` are applied). */
  space: SearchSpace;
  /** A sampler, or a factory given the validated space. Default: TpeSampler with Optuna defaults. */
  sampler?: Sampler | SamplerFactory;
  /** Optional pruner consulted by `report`. */
  pruner?: Pruner;
  /** Constraints every suggestion satisfies (validated against the space); given to the default sampler and to a factory. */
  constraints?: Constraint[];
  /** Seed passed to every `suggest` call. Default 0. */
  seed?: number;
}

/** A trial handed out by `ask`: run `params`, then `tell(index, ...)`. */
export interface AskedTrial {
  index: number;
  params: Params;
}

/** A final result: the objective (higher is better; NaN/±inf mean failed), or an explicit state. */
export type TellResult = number | { state: 'failed' | 'pruned'; value?: number };

export interface OptimizeOptions {
  /** Trials evaluated concurrently, asked as one batch (constant liar keeps them apart). Default 1. */
  parallelism?: number;
}

export interface Study {
  readonly space: SearchSpace;
  /** Suggests `n` (default 1) new trials and records them as running. */
  ask(n?: number): AskedTrial[];
  /** Records an intermediate value (one per step) and returns the pruner's decision ('continue' without a pruner). */
  report(index: number, value: number): PruneDecision;
  /**
   * Finishes a running trial. A non-finite number (or a thrown objective in `optimize`)
   * records it as failed, with no value, so the history stays JSON-safe.
   * @throws RangeError for an unknown index or a trial already finished.
   */
  tell(index: number, result: TellResult): TrialObservation;
  /** The best completed trial (highest finite value), or undefined. */
  best(): TrialObservation | undefined;
  /** A deep copy of the history, in index order. */
  trials(): TrialObservation[];
  /**
   * Runs `budget` more trials of `objective` (each asked, awaited, told), `parallelism`
   * at a time; an objective that throws or returns NaN/±inf fails its trial and the
   * search goes on. Resolves to the best trial so far.
   */
  optimize(
    objective: (params: Params) => number | Promise<number>,
    budget: number,
    options?: OptimizeOptions,
  ): Promise<TrialObservation | undefined>;
}

const StudySpaceSchema = z
  .strictObject({ space: SearchSpaceSchema, constraints: z.array(ConstraintSchema).default([]) })
  .superRefine((s, ctx) => checkConstraints(s.space, s.constraints, ctx));

function validateSpace(
  space: SearchSpace,
  constraints: Constraint[] | undefined,
): { space: SearchSpace; constraints: Constraint[] } {
  const parsed = StudySpaceSchema.safeParse({ space, constraints });
  if (!parsed.success) {
    const at = (path: PropertyKey[]): string =>
      (path[0] === 'space' ? path.slice(1) : path).map(String).join('.') || '(space)';
    const issues = parsed.error.issues.map((i) => `${at(i.path)}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid search space: ${issues}`);
  }
  return parsed.data;
}

function copy(trial: TrialObservation): TrialObservation {
  return {
    ...trial,
    params: { ...trial.params },
    ...(trial.intermediate ? { intermediate: [...trial.intermediate] } : {}),
  };
}

/**
 * Creates an in-memory study. Deterministic: the same options and the same
 * sequence of ask/tell/report calls give the same suggestions.
 * @throws ConfigError when the space is invalid (the message names each field).
 */
export function createStudy(options: StudyOptions): Study {
  const { space, constraints } = validateSpace(options.space, options.constraints);
  const sampler =
    typeof options.sampler === 'function'
      ? options.sampler(space, constraints)
      : (options.sampler ?? new TpeSampler(space, { constraints }));
  const seed = options.seed ?? 0;
  const history: TrialObservation[] = [];

  const running = (index: number): TrialObservation => {
    const trial = history[index];
    if (trial === undefined) throw new RangeError(`no trial ${index} in this study (it has ${history.length})`);
    if (trial.state !== 'running') throw new RangeError(`trial ${index} already finished as ${trial.state}`);
    return trial;
  };

  const study: Study = {
    space,
    ask(n = 1) {
      const suggestions = sampler.suggest(history.map(copy), n, seed);
      return suggestions.map((params) => {
        const trial: TrialObservation = { index: history.length, params, state: 'running' };
        history.push(trial);
        return { index: trial.index, params: { ...params } };
      });
    },
    report(index, value) {
      const trial = running(index);
      trial.intermediate = [...(trial.intermediate ?? []), value];
      return options.pruner ? options.pruner.decide(history.map(copy), copy(trial)) : 'continue';
    },
    tell(index, result) {
      const trial = running(index);
      const value = typeof result === 'number' ? result : result.value;
      const finite = typeof value === 'number' && Number.isFinite(value);
      if (typeof result === 'number') trial.state = finite ? 'completed' : 'failed';
      else trial.state = result.state;
      if (finite) trial.value = value;
      return copy(trial);
    },
    best: () => {
      const best = bestTrial(history);
      return best && copy(best);
    },
    trials: () => history.map(copy),
    async optimize(objective, budget, optimizeOptions = {}) {
      const parallelism = Math.max(1, Math.floor(optimizeOptions.parallelism ?? 1));
      for (let done = 0; done < budget;) {
        const batch = study.ask(Math.min(parallelism, budget - done));
        await Promise.all(
          batch.map(async ({ index, params }) => {
            let value: number;
            try {
              value = await objective(params);
            } catch {
              value = NaN;
            }
            study.tell(index, value);
          }),
        );
        done += batch.length;
      }
      return study.best();
    },
  };
  return study;
}
