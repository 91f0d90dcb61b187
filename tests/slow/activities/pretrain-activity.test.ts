import { PURE_CPU_BACKEND } from '../../../lib/models/runtime/backend';
import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { createPretrainActivities } from '../../../activities/pretrain-activities';
import { createTrainModelActivities } from '../../../activities/training-activities';
import type {
  PretrainLanguageModelInput,
  PretrainLanguageModelOutput,
  TrainModelInput,
  TrainModelOutput,
} from '../../../activities/contracts';
import { ExperimentConfigSchema, type ExperimentConfigInput } from '../../../configs/experiment-schema';
import { putArtifact, readArtifact } from '../../../lib/artifacts/content-addressed';
import { examplesToJsonl } from '../../../lib/core/example';
import { decodeLmCheckpoint } from '../../../lib/models/causal-lm/causal-lm-trainer';
import { decodeClassifierCheckpoint } from '../../../lib/models/classifier/classifier-checkpoint';
import { splitPretrainCorpus } from '../../../lib/models/causal-lm/pretrain-corpus';
import { S3LikeMemoryStore } from '../../helpers/s3-like-store';
import { syntheticExamples } from '../../helpers/synthetic-fixture';
import { capturedActivityLogs } from '../../helpers/activity-logs';

const activityLogs = capturedActivityLogs();

const LM = {
  vocabSize: 60,
  maxLen: 8,
  embeddingDim: 8,
  transformerLayers: 1,
  transformerHeads: 2,
  transformerFfDim: 16,
};
const config = (
  model: Partial<ExperimentConfigInput['model']> = {},
  space: ExperimentConfigInput['search']['space'] = { embeddingDim: { type: 'categorical', choices: [8] } },
) =>
  ExperimentConfigSchema.parse({
    name: 'pretrain-unit',
    seed: 5,
    dataset: { source: { kind: 'builtin', name: 'uci-sentiment' } },
    model: {
      family: 'text-classifier',
      maxLen: 10,
      pretrain: { epochs: 4, batchSize: 16, learningRate: 0.05, lm: LM },
      ...model,
    },
    search: { maxTrials: 1, parallelism: 1, epochs: 1, space },
  });

jest.setTimeout(60_000);
const store = new S3LikeMemoryStore();
const env = () => new MockActivityEnvironment(undefined, { logger: activityLogs.logger });
const pretrain = (i: PretrainLanguageModelInput): Promise<PretrainLanguageModelOutput> =>
  env().run(
    createPretrainActivities({ store, allowFileSources: false, backend: PURE_CPU_BACKEND }).pretrainLanguageModel,
    i,
  );

describe('pretrainLanguageModel activity', () => {
  let input: PretrainLanguageModelInput;
  beforeAll(async () => {
    const train = await putArtifact(store, {
      runPrefix: 'runs/p',
      kind: 'dataset',
      body: examplesToJsonl(syntheticExamples(90, 1)),
      ext: 'jsonl',
    });
    input = { runPrefix: 'runs/p', config: config(), train };
  });

  test('trains the LM on the train texts, checkpoints each epoch, beats the unigram baseline; a retry resumes from the pointer', async () => {
    const beats: { epoch?: number; progress?: string }[] = [];
    const e = env();
    e.on('heartbeat', (d) => d && beats.push(d));
    const out: PretrainLanguageModelOutput = await e.run(
      createPretrainActivities({ store, allowFileSources: false, backend: PURE_CPU_BACKEND }).pretrainLanguageModel,
      input,
    );
    expect(out.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4]);
    // The 5 s ticker may repeat the last epoch's heartbeat; every epoch must appear, in order.
    expect([...new Set(beats.filter((b) => b.progress).map((b) => b.epoch))]).toEqual([1, 2, 3, 4]);
    expect(out.texts).toEqual({ train: 81, val: 9 });
    expect(out.perplexity).toBeLessThan(out.unigramPerplexity);
    const { header } = decodeLmCheckpoint(await readArtifact(store, out.lm));
    expect(header).toMatchObject({ epochsDone: 4, model: LM });
    expect(out.lm.uri).toMatch(/^s3:\/\/test-bucket\/runs\/p\/pretrain\/checkpoint\//);
    // A second attempt with the same inputs finds the epoch-4 pointer and trains nothing.
    const again = await pretrain(input);
    expect(again.resumedFromEpoch).toBe(4);
    expect(again.lm).toEqual(out.lm);

    // A trial given the LM ref starts from it: BPE tokenizer, the LM's vocabulary.
    const val = await putArtifact(store, {
      runPrefix: 'runs/p',
      kind: 'dataset',
      body: examplesToJsonl(syntheticExamples(20, 2)),
      ext: 'jsonl',
    });
    const trialInput: TrainModelInput = {
      runPrefix: 'runs/p',
      trialId: 'trial-lm',
      params: { learningRate: 0.01, batchSize: 16, embeddingDim: 8, dropout: 0 },
      epochs: 1,
      seed: 5,
      maxLen: 10,
      vocabSize: 500,
      objective: 'val_macro_f1',
      data: { train: input.train, val, labels: ['pos', 'neg'], pretrainedLm: out.lm },
    };
    const trial: TrainModelOutput = await env().run(
      createTrainModelActivities({
        store,
        allowFileSources: false,
        backend: PURE_CPU_BACKEND,
        training: { mode: 'inline' },
      }).trainModel,
      trialInput,
    );
    const ckpt = decodeClassifierCheckpoint(await readArtifact(store, trial.model!)).header;
    expect(ckpt.tokenizer).toMatchObject({ kind: 'bpe' });
    expect(ckpt.model.vocabSize).toBe(LM.vocabSize);
  });

  test('an embeddingDim the LM cannot give fails before training, naming both fields', async () => {
    const err = await pretrain({
      ...input,
      config: config({}, { embeddingDim: { type: 'categorical', choices: [8, 16] } }),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect((err as ApplicationFailure).nonRetryable).toBe(true);
    expect((err as Error).message).toMatch(
      /model\.pretrain\.lm\.embeddingDim is 8 but trials may use embeddingDim 16 \(search\.space\.embeddingDim\)/,
    );
  });

  test('a corpus URI that does not exist fails non-retryably naming model.pretrain.corpus', async () => {
    const c = config({ pretrain: { epochs: 1, corpus: 's3://test-bucket/corpora/missing.txt', lm: LM } });
    const err = await pretrain({ ...input, config: c }).catch((e: unknown) => e);
    expect((err as ApplicationFailure).nonRetryable).toBe(true);
    expect((err as Error).message).toMatch(
      /model\.pretrain\.corpus s3:\/\/test-bucket\/corpora\/missing\.txt does not exist/,
    );
  });
});

describe('pretrainLanguageModel checkpoints inside epochs', () => {
  // 81 train texts in batches of 16: 6 batches an epoch, 4 epochs. Each case has its own run prefix.
  const withPrefix = async (
    runPrefix: string,
    model: Partial<ExperimentConfigInput['model']> = {},
  ): Promise<PretrainLanguageModelInput> => {
    const train = await putArtifact(store, {
      runPrefix,
      kind: 'dataset',
      body: examplesToJsonl(syntheticExamples(90, 1)),
      ext: 'jsonl',
    });
    return { runPrefix, config: config(model), train };
  };
  const lmState = async (out: PretrainLanguageModelOutput) =>
    decodeLmCheckpoint(await readArtifact(store, out.lm)).tensors.map((t) => Array.from(t.values));
  const results = (out: PretrainLanguageModelOutput) =>
    out.history.map(({ seconds: _s, tokensPerSecond: _t, ...rest }) => rest);
  const pointer = async (runPrefix: string) =>
    JSON.parse(new TextDecoder().decode(await store.get(`${runPrefix}/pretrain/latest-checkpoint.json`))) as {
      epoch: number;
      step?: number;
    };
  const activities = createPretrainActivities({ store, allowFileSources: false, backend: PURE_CPU_BACKEND });
  let straight: PretrainLanguageModelOutput;

  beforeAll(async () => {
    straight = await env().run(activities.pretrainLanguageModel, await withPrefix('runs/p-straight'));
  });

  test('checkpointEveryMinutes checkpoints between batches; a retry resumes from the newest one and ends like the uninterrupted run', async () => {
    const input = await withPrefix('runs/p-timed', { checkpointEveryMinutes: 1e-9 });
    const first = env();
    const steps: [number, number | undefined][] = [];
    first.on('heartbeat', (d: { epoch: number; step?: number; checkpoint?: unknown }) => {
      if (!d?.checkpoint) return;
      steps.push([d.epoch, d.step]);
      if (d.epoch === 1 && d.step === 3) first.cancel();
    });
    await expect(first.run(activities.pretrainLanguageModel, input)).rejects.toThrow();
    expect(steps).toEqual([
      [0, 1],
      [0, 2],
      [0, 3],
      [0, 4],
      [0, 5],
      [1, undefined],
      [1, 1],
      [1, 2],
      [1, 3],
    ]);
    expect(await pointer('runs/p-timed')).toMatchObject({ epoch: 1, step: 3 });

    const retry: PretrainLanguageModelOutput = await env().run(activities.pretrainLanguageModel, input);
    expect(retry.resumedFromEpoch).toBe(1);
    expect(results(retry)).toEqual(results(straight));
    expect(await lmState(retry)).toEqual(await lmState(straight));
  });

  test('a cancelled attempt saves the batch where it stopped', async () => {
    const input = await withPrefix('runs/p-cancel');
    const first = env();
    first.on(
      'heartbeat',
      (d: { epoch: number; step?: number }) =>
        d?.epoch === 1 && d.step === undefined && setImmediate(() => setImmediate(() => first.cancel())),
    );
    activityLogs.clear();
    await expect(first.run(activities.pretrainLanguageModel, input)).rejects.toThrow();
    expect(activityLogs.messages()).toContain('Saved a checkpoint where the attempt was cancelled');
    const saved = await pointer('runs/p-cancel');
    expect(saved.epoch).toBe(1);
    expect(saved.step).toBeGreaterThan(0);
    const retry: PretrainLanguageModelOutput = await env().run(activities.pretrainLanguageModel, input);
    expect(results(retry)).toEqual(results(straight));
    expect(await lmState(retry)).toEqual(await lmState(straight));
  });
});

describe('pretrain config', () => {
  test('defaults: 2000 texts of the train split; initFrom, pretrain and pretrainedVectors exclude each other', () => {
    expect(config({ pretrain: { epochs: 1 } }).model.pretrain).toMatchObject({
      maxTexts: 2000,
      corpus: 'train-texts',
      batchSize: 32,
    });
    expect(() => config({ initFrom: 's3://b/model.ckpt' })).toThrow(
      /model\.initFrom and model\.pretrain exclude each other/,
    );
    expect(() => config({ pretrain: { epochs: 1, corpus: 'http://x' } })).toThrow(
      /model\.pretrain\.corpus must be .*train-texts.* or an s3:\/\/bucket\/key URI/,
    );
  });

  test('corpus split: seeded sample of at most maxTexts, 10% held out; too few documents is a DataError', () => {
    const texts = Array.from({ length: 500 }, (_, i) => `doc ${i}`);
    const a = splitPretrainCorpus(texts, 300, 1);
    expect(a.train.length + a.val.length).toBe(300);
    expect(a.val).toHaveLength(30);
    expect(splitPretrainCorpus(texts, 300, 1)).toEqual(a);
    expect(new Set([...a.train, ...a.val]).size).toBe(300);
    expect(() => splitPretrainCorpus(['a', ' ', 'b'], 100, 1)).toThrow(
      /model\.pretrain\.corpus has 2 non-empty documents; the LM needs at least 20/,
    );
  });
});
