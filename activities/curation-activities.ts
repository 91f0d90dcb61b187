import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { AugmentInput, AugmentOutput, CurateDatasetInput, CurateDatasetOutput } from './contracts';
import type { ActivityDeps } from './deps';
import type { ExperimentConfig } from '../configs/experiment-schema';
import { examplesFromJsonl, examplesToJsonl } from '../lib/core/example';
import { ArtifactAccessError, ArtifactNotFoundError } from '../lib/core/errors';
import { putArtifact, readArtifact } from '../lib/artifacts/content-addressed';
import { loadBuiltinDataset } from '../lib/data/builtin-datasets';
import { parseDatasetBytes } from '../lib/data/parse-dataset';
import type { RawRow } from '../lib/data/raw-row';
import { curateDataset as curate } from '../lib/data/prepare-dataset';
import { augmentTrainSet as augment } from '../lib/data/augment';
import { mapFailures } from './failures';

/** Reads the configured dataset source into raw rows (validation happens in curation). */
async function readSource(deps: ActivityDeps, source: ExperimentConfig['dataset']['source']): Promise<RawRow[]> {
  if (source.kind === 'builtin') return loadBuiltinDataset(source.name);
  let bytes: Uint8Array;
  if (source.uri.startsWith('file://')) {
    if (!deps.allowFileSources) {
      throw new ArtifactAccessError(`dataset.source.uri ${source.uri}: file:// sources are disabled on this worker; upload the file to the artifact store and use its s3:// URI`);
    }
    bytes = await readFile(fileURLToPath(source.uri));
  } else {
    bytes = await readDatasetObject(deps, source.uri);
  }
  return parseDatasetBytes(bytes, source);
}

/**
 * Reads an `s3://` dataset from the worker's store. Errors name the config
 * field and the fix: a URI outside the store (another bucket or prefix, `..`
 * segments) is an ArtifactAccessError, a missing object ArtifactNotFoundError;
 * both non-retryable, so a typo fails once instead of retrying for minutes.
 */
async function readDatasetObject(deps: ActivityDeps, uri: string): Promise<Uint8Array> {
  const storeRoot = deps.store.uriFor('x').slice(0, -1);
  let key: string;
  try {
    key = deps.store.keyFor(uri);
  } catch (err) {
    if (!(err instanceof ArtifactAccessError)) throw err;
    throw new ArtifactAccessError(`dataset.source.uri ${uri} is not readable by this worker: ${err.message}. Upload the file under ${storeRoot} and use that URI.`, { uri });
  }
  try {
    return await deps.store.get(key);
  } catch (err) {
    if (!(err instanceof ArtifactNotFoundError)) throw err;
    throw new ArtifactNotFoundError(`dataset.source.uri ${uri} does not exist; upload the dataset there first or fix the URI.`, { uri });
  }
}

/** Creates the curation activities (validate -> clean -> dedup -> split; augment). */
export function createCurationActivities(deps: ActivityDeps) {
  return {
    curateDataset: mapFailures(async ({ runPrefix, config }: CurateDatasetInput): Promise<CurateDatasetOutput> => {
      const raw = await readSource(deps, config.dataset.source);
      const result = curate(raw, { dataset: config.dataset, curation: config.curation }, config.seed);
      const put = (rows: typeof result.splits.train) => putArtifact(deps.store, { runPrefix, kind: 'dataset', body: examplesToJsonl(rows), ext: 'jsonl' });
      const [train, val, test] = await Promise.all([put(result.splits.train), put(result.splits.val), put(result.splits.test)]);
      const quarantine = result.quarantined.length
        ? await putArtifact(deps.store, {
            runPrefix,
            kind: 'quarantine',
            body: new TextEncoder().encode(result.quarantined.map((r) => JSON.stringify(r)).join('\n') + '\n'),
            ext: 'jsonl',
          })
        : undefined;
      return { train, val, test, labels: result.labels, quarantine, quarantinedRows: result.quarantined.length, reports: result.reports };
    }),

    augmentTrainSet: mapFailures(async ({ runPrefix, train, config }: AugmentInput): Promise<AugmentOutput> => {
      const rows = examplesFromJsonl(await readArtifact(deps.store, train));
      const result = augment(rows, config.augmentation, config.seed);
      const ref = await putArtifact(deps.store, { runPrefix, kind: 'dataset', body: examplesToJsonl(result.rows), ext: 'jsonl' });
      return { train: ref, report: result.report };
    }),
  };
}
