import { readArtifact } from '../../lib/artifacts/content-addressed';
import type { ExperimentConfigInput } from '../../configs/experiment-schema';
import { decodeClassifierCheckpoint } from '../../lib/models/classifier/classifier-checkpoint';
import { decodeLmCheckpoint } from '../../lib/models/causal-lm/causal-lm-trainer';
import type { FineTunePipelineResult } from '../../workflows/fine-tune-pipeline';
import { testClient, testStore, testWorkerEnv } from '../helpers/real-stack';
import { usePipelineWorkers } from '../helpers/pipeline-workers';

jest.setTimeout(300_000);

const env = testWorkerEnv('pretrain');
const store = testStore(env);

// Tiny: the LM trains 1 epoch on 300 train texts (~270 after the held-out 10%), then 1 trial of 1 epoch.
const config: ExperimentConfigInput = {
  name: 'pretrain-it',
  seed: 11,
  dataset: { source: { kind: 'builtin', name: 'uci-sentiment' }, labels: ['negative', 'positive'] },
  augmentation: { copies: 0 },
  model: { family: 'text-classifier', maxLen: 24, pretrain: { epochs: 1, maxTexts: 300, lm: { maxLen: 24 } } },
  search: {
    maxTrials: 1,
    parallelism: 1,
    epochs: 1,
    space: { learningRate: { type: 'float', low: 0.005, high: 0.02, log: true } },
  },
  ensemble: { topK: 1 },
};

usePipelineWorkers(env);

test('model.pretrain: the pipeline trains an LM first and the trial fine-tunes from it', async () => {
  const { client, connection } = await testClient(env);
  try {
    const result: FineTunePipelineResult = await client.workflow.execute('fineTunePipeline', {
      taskQueue: env.FF_CONTROL_TASK_QUEUE,
      workflowId: `it-pretrain-${Date.now()}`,
      args: [{ config, trainingTaskQueue: env.FF_TRAINING_TASK_QUEUE }],
    });
    expect(result.trials).toMatchObject({ total: 1, completed: 1 });
    expect(result.pretrain).toBeDefined();
    expect(result.pretrain!.texts.train + result.pretrain!.texts.val).toBe(300);
    expect(Number.isFinite(result.pretrain!.perplexity)).toBe(true);
    const lm = decodeLmCheckpoint(await readArtifact(store, result.pretrain!.lm)).header;
    expect(lm.epochsDone).toBe(1);
    // The trial's model carries the LM's BPE tokenizer and vocabulary: it was initialised from the LM.
    const sweep = await client.workflow.getHandle(`${result.runId}-sweep`).result();
    const model = (sweep as { trials: { model?: Parameters<typeof readArtifact>[1] }[] }).trials[0].model!;
    const header = decodeClassifierCheckpoint(await readArtifact(store, model)).header;
    expect(header.tokenizer).toMatchObject({ kind: 'bpe' });
    expect((header.tokenizer as { bpeIds: number[] }).bpeIds).toEqual(lm.tokenizer.bpeIds);
    expect(header.model.vocabSize).toBe(lm.model.vocabSize);
  } finally {
    await connection.close();
  }
});
