import { ApplicationFailure } from '@temporalio/common';
import { createControlActivities } from '../../../activities';
import { parseExperimentConfig } from '../../../configs/validate-config';
import { MemoryArtifactStore } from '../../../lib/artifacts/memory-artifact-store';
import { DATASET_CASES, type DatasetCase } from '../../bad-input/dataset-cases';
import { VALID_CONFIG } from '../../bad-input/config-cases';

/**
 * The bad-data corpus through the real curation activity (error mapping
 * included) with an in-memory store: fast, no servers. The same table runs on
 * the real stack in tests/integration/bad-input.
 */
const cases = DATASET_CASES.filter((c) => !c.s3Only);

async function run(c: DatasetCase) {
  const store = new MemoryArtifactStore('bad-input');
  const root = store.uriFor('x').slice(0, -1);
  let uri: string;
  if (c.bytes) {
    await store.put('uploads/data', c.bytes);
    uri = store.uriFor('uploads/data');
  } else {
    uri = c.uri!({ root, bucket: 'bad-input' });
  }
  // Validate with an s3:// placeholder (the schema's scheme rule), then point at the memory store.
  const config = parseExperimentConfig({
    ...VALID_CONFIG,
    dataset: {
      source: { kind: 'uri', uri: 's3://placeholder/x', ...c.source },
      ...(c.labels ? { labels: c.labels } : {}),
      ...c.options,
    },
  });
  if (config.dataset.source.kind === 'uri') config.dataset.source.uri = uri;
  const activities = createControlActivities({ store, allowFileSources: false });
  const err = await activities.curateDataset({ runPrefix: 'runs/bad', config }).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { err, written: await store.list('runs/') };
}

test.each(cases.map((c) => [c.name, c] as const))(
  '%s -> non-retryable failure naming the problem, nothing written',
  async (_name, c) => {
    const { err, written } = await run(c);
    expect(err).toBeInstanceOf(ApplicationFailure);
    const failure = err as ApplicationFailure;
    expect(failure.type).toBe(c.type);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain(c.message);
    expect(written).toEqual([]);
  },
);
