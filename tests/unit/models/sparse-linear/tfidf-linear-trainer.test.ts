import { createTfidfLinearTrainer } from '../../../../lib/models/sparse-linear/tfidf-linear-trainer';
import { isTfidfLinearBytes } from '../../../../lib/models/sparse-linear/tfidf-linear-codec';
import { loadTrainedModel } from '../../../../lib/models/load-trained-model';
import { ConfigError, DataError } from '../../../../lib/core/errors';
import { sentimentExamples } from '../../../../bench/sentiment-examples';

describe('tfidf-linear trainer (one fit = one epoch)', () => {
  const rows = sentimentExamples().filter((_, i) => i % 4 === 0);
  const train = rows.slice(0, 500);
  const val = rows.slice(500, 650);
  const labels = ['negative', 'positive'];
  const input = { train, val, labels, params: { classifier: 'logistic', c: 5 }, seed: 3 };

  it('fits in one epoch, reports val metrics, and its saved bytes load as a model predicting the same', async () => {
    const trainer = createTfidfLinearTrainer(input);
    await trainer.setup();
    const m = await trainer.runEpoch();
    expect(trainer.epochsDone).toBe(1);
    expect(m.epoch).toBe(1);
    expect(m.valAccuracy).toBeGreaterThan(0.65);
    expect(m.valMacroF1).toBeGreaterThan(0.65);
    expect(m.valLoss).toBeGreaterThan(0);
    expect(m.trainLoss).toBeLessThan(m.valLoss); // fitted on train
    const bytes = await trainer.save();
    expect(isTfidfLinearBytes(bytes)).toBe(true);
    const texts = val.slice(0, 20).map((e) => e.text);
    const loaded = await loadTrainedModel(bytes);
    expect(loaded.family).toBe('tfidf-linear');
    expect(loaded.labels).toEqual(labels);
    const a = await trainer.predict(texts);
    const b = await loaded.predict(texts);
    b.forEach((row, i) => row.forEach((p, k) => expect(p).toBeCloseTo(a[i][k], 5)));
  });

  it('resumes from its checkpoint without refitting: history kept, a second runEpoch is refused', async () => {
    const first = createTfidfLinearTrainer(input);
    await first.setup();
    await first.runEpoch();
    const resumed = createTfidfLinearTrainer(input);
    await resumed.setup(await first.save());
    expect(resumed.epochsDone).toBe(1);
    expect(resumed.history).toEqual(first.history);
    await expect(resumed.runEpoch()).rejects.toThrow('already fitted');
  });

  it('an aborted signal stops before the fit', async () => {
    const trainer = createTfidfLinearTrainer(input);
    await trainer.setup();
    const ac = new AbortController();
    ac.abort(new Error('cancelled'));
    await expect(trainer.runEpoch(ac.signal)).rejects.toThrow('cancelled');
    expect(trainer.epochsDone).toBe(0);
  });

  it('refuses bad hyperparameters, labels and rows at creation', () => {
    expect(() => createTfidfLinearTrainer({ ...input, params: { learningRate: 0.1 } })).toThrow(/learningRate/);
    expect(() => createTfidfLinearTrainer({ ...input, params: { wordNgramMax: 0, charNgramMax: 0 } })).toThrow(
      'leaves no features',
    );
    expect(() => createTfidfLinearTrainer({ ...input, labels: ['negative'] })).toThrow(ConfigError);
    expect(() => createTfidfLinearTrainer({ ...input, labels: ['negative', 'other'] })).toThrow(DataError);
  });

  it('min_df removing every feature is a DataError before anything is saved', async () => {
    const trainer = createTfidfLinearTrainer({ ...input, params: { minDf: 10_000, charNgramMax: 0 } });
    await trainer.setup();
    await expect(trainer.runEpoch()).rejects.toThrow(DataError);
    await expect(trainer.save()).rejects.toThrow('nothing to save');
  });
});
