import { ConfigError } from '../../core/errors';
import type { ClassWeighting } from '../training/class-weights';
import type { ClassifierModelOptions } from './classifier-model-options';
import type { ClassifierTrainerInput } from './classifier-trainer-input';
import type { PretrainedVectors } from '../tokenizers/pretrained-vectors';

/**
 * Maps the experiment config's fixed model options (`config.model`, see
 * classifier-model-options.ts) onto trainer input fields. Pure: the caller
 * loads the pretrained vectors (they live in the artifact store) and passes
 * curation's class weights.
 */
export type ClassifierRunOptions = Pick<
  ClassifierTrainerInput,
  'model' | 'freeze' | 'unfreezeEvery' | 'classWeights' | 'pretrained'
>;

/**
 * The class weighting a trial trains with. undefined: the `classWeights`
 * hyperparameter decides. 'from-curation' needs `curationWeights` (curation
 * computes them when `curation.balance.method` is 'class-weights'); without
 * them it is a ConfigError naming both fields and the fix.
 */
export function resolveClassWeighting(
  mode: ClassifierModelOptions['classWeights'],
  curationWeights?: Record<string, number>,
): ClassWeighting | undefined {
  if (mode !== 'from-curation') return mode;
  if (!curationWeights || Object.keys(curationWeights).length === 0) {
    throw new ConfigError(
      'model.classWeights is "from-curation" but curation computed no class weights; set curation.balance.method to "class-weights", or use model.classWeights "balanced"',
      { field: 'model.classWeights' },
    );
  }
  return { ...curationWeights };
}

/**
 * Trainer input fields for `options` (absent options map to absent fields,
 * so the trainer keeps its defaults). Throws ConfigError as
 * {@link resolveClassWeighting}.
 */
export function classifierRunOptions(
  options: ClassifierModelOptions | undefined,
  curationWeights?: Record<string, number>,
  pretrained?: PretrainedVectors,
): ClassifierRunOptions {
  const o = options ?? {};
  const classWeights = resolveClassWeighting(o.classWeights, curationWeights);
  return {
    ...(o.encoderOptions ? { model: { ...o.encoderOptions } } : {}),
    ...(o.freeze ? { freeze: o.freeze.slice() } : {}),
    ...(o.unfreezeEvery !== undefined ? { unfreezeEvery: o.unfreezeEvery } : {}),
    ...(classWeights !== undefined ? { classWeights } : {}),
    ...(pretrained ? { pretrained } : {}),
  };
}
