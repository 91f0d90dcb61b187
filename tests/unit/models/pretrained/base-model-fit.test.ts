import { checkBaseModelFits } from '../../../../lib/models/pretrained/base-model-fit';
import type { BaseModelManifest } from '../../../../lib/models/pretrained/base-model-registry';
import { maxSearchedInt } from '../../../../configs/family-spaces';
import { parseExperimentConfig } from '../../../../configs/validate-config';

const manifest = { name: 'm', layers: 6, maxPositions: 512 } as BaseModelManifest;

describe('base model pre-flight', () => {
  it('refuses maxLen beyond the positions and more top layers than the model has, naming the field', () => {
    expect(() => checkBaseModelFits(manifest, { maxLen: 512, maxTopLayers: 6 })).not.toThrow();
    expect(() => checkBaseModelFits(manifest, { maxLen: 513, maxTopLayers: 0 })).toThrow(
      "model.maxLen 513 exceeds base model m's max_position_embeddings 512",
    );
    expect(() => checkBaseModelFits(manifest, { maxLen: 64, maxTopLayers: 7 })).toThrow('has 6 layers');
  });

  it('finds the largest topLayers a sweep can try: the range end, the largest choice, or the default', () => {
    const base = {
      name: 'x',
      dataset: { source: { kind: 'builtin', name: 'uci-sentiment' } },
      model: { family: 'pretrained-transformer', baseModel: 'm' },
    };
    const withSpace = (space: object) =>
      parseExperimentConfig({ ...base, search: { maxTrials: 2, parallelism: 1, space } });
    expect(
      maxSearchedInt(
        withSpace({ topLayers: { type: 'int', low: 1, high: 4 } }),
        'pretrained-transformer',
        'topLayers',
        2,
      ),
    ).toBe(4);
    expect(
      maxSearchedInt(
        withSpace({ topLayers: { type: 'categorical', choices: [1, 3] } }),
        'pretrained-transformer',
        'topLayers',
        2,
      ),
    ).toBe(3);
    expect(
      maxSearchedInt(
        withSpace({ mode: { type: 'categorical', choices: ['top-k'] } }),
        'pretrained-transformer',
        'topLayers',
        2,
      ),
    ).toBe(2);
    expect(
      maxSearchedInt(withSpace({ mode: { type: 'categorical', choices: ['top-k'] } }), 'tfidf-linear', 'topLayers', 2),
    ).toBe(0);
  });
});
