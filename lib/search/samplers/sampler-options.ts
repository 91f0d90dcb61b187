import { z } from 'zod';
import { isActive } from '../space/conditions';
import type { SearchSpace } from '../space/search-space-schema';

/**
 * Options of every sampler kind, discriminated by `kind`: the config's `search.sampler`.
 * Kept apart from the samplers (as lib/data/curation-options.ts is) because the workflow
 * bundle validates configs and must not carry the samplers' code.
 */
export const SamplerSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('random') }),
    z.strictObject({
      kind: z.literal('grid'),
      /** Points per continuous parameter (ints, steps and categoricals use all their values). */
      gridPoints: z.number().int().min(2).max(1000).default(5),
    }),
    z.strictObject({ kind: z.literal('halton'), scramble: z.boolean().default(true) }),
    z.strictObject({
      kind: z.literal('tpe'),
      nStartupTrials: z.number().int().min(1).max(10_000).default(10),
      nEiCandidates: z.number().int().min(1).max(10_000).default(24),
      multivariate: z.boolean().default(false),
      /** Treat running trials as the worst value seen, so parallel trials spread out. */
      constantLiar: z.boolean().default(true),
    }),
    z.strictObject({
      kind: z.literal('gp'),
      /** Completed trials (Halton points) before the Gaussian process is used. */
      nStartupTrials: z.number().int().min(1).max(10_000).default(10),
      /** Quasi-random candidates per suggestion for the acquisition's global phase. */
      nCandidates: z.number().int().min(16).max(100_000).default(512),
      /** Pending points in a batch: constant liar at the worst or mean value, or kriging believer. */
      liar: z.enum(['worst', 'mean', 'believer']).default('worst'),
      /** Compress a heavy bad tail of the objective (diverged runs) before standardising. */
      outputWarping: z.boolean().default(true),
      /**
       * Most completed trials the GP is fitted on (cost is cubic): the best half plus the most recent.
       * Same default as the sampler's DEFAULT_MAX_MODEL_TRIALS (a test checks), not imported from it so
       * the workflow bundle does not carry the GP code; ~1 s per suggestion at 250 (bench/gp-suggest-cost.ts).
       */
      maxModelTrials: z.number().int().min(2).max(2000).default(250),
      /**
       * In a cross-family sweep, rank candidates by expected improvement per second of the family's
       * measured trial time (EI per second), so cheap families are tried more while they still improve.
       */
      costAware: z.boolean().default(true),
    }),
  ],
  { error: 'search.sampler.kind must be one of "random", "grid", "halton", "tpe", "gp"' },
);
export type SamplerConfig = z.infer<typeof SamplerSchema>;

/**
 * Warm start: completed trials of earlier sweeps (or hand-picked configs) that
 * samplers see as history before the first trial, with their provenance.
 * `value` is on this sweep's objective scale (higher is better). Params are
 * checked against `search.space` when the whole `search` section is validated.
 */
export const WarmStartSchema = z.strictObject({
  /** Where the trials come from (an earlier sweep id, a manifest URI, a note); recorded with the sweep. */
  source: z.string().min(1, 'warmStart.source must say where the trials come from (e.g. an earlier sweep id)'),
  trials: z
    .array(
      z.strictObject({
        params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
        value: z.number(),
      }),
    )
    .min(1, 'warmStart.trials must list at least one {params, value}')
    .max(10_000),
});
export type WarmStartConfig = z.infer<typeof WarmStartSchema>;

/** Adds one issue per warm-start param that does not fit the space (missing, unknown, out of bounds, not a choice); inactive conditional params may be omitted. */
export function checkWarmStartParams(
  search: { space: SearchSpace; warmStart?: WarmStartConfig },
  ctx: z.RefinementCtx,
  pathPrefix: readonly string[] = [],
): void {
  search.warmStart?.trials.forEach((trial, i) => {
    const at = (name: string) => [...pathPrefix, 'warmStart', 'trials', i, 'params', name];
    for (const [name, spec] of Object.entries(search.space)) {
      if (!isActive(search.space, name, trial.params)) continue;
      const v = trial.params[name];
      const ok =
        spec.type === 'categorical'
          ? spec.choices.includes(v)
          : typeof v === 'number' && v >= spec.low && v <= spec.high && (spec.type !== 'int' || Number.isInteger(v));
      if (!ok)
        ctx.addIssue({
          code: 'custom',
          path: at(name),
          message: `warm-start trial ${i}: ${name}=${JSON.stringify(v)} does not fit search.space.${name}; fix the value or drop the trial`,
        });
    }
    for (const name of Object.keys(trial.params)) {
      if (!(name in search.space))
        ctx.addIssue({
          code: 'custom',
          path: at(name),
          message: `warm-start trial ${i}: "${name}" is not a parameter of search.space; remove it`,
        });
    }
  });
}
