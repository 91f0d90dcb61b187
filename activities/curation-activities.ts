import { familySpace } from '../configs/family-spaces';
import { Context } from '@temporalio/activity';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  PrepareFoldsInput,
  PrepareFoldsOutput,
  AugmentInput,
  AugmentOutput,
  CurateDatasetInput,
  CurateDatasetOutput,
} from './contracts';
import type { ActivityDeps } from './deps';
import type { ExperimentConfig } from '../configs/experiment-schema';
import { examplesFromJsonl, examplesToJsonl } from '../lib/core/example';
import { ArtifactAccessError, ArtifactNotFoundError, ConfigError } from '../lib/core/errors';
import { crossValidationFolds } from '../lib/data/split/cross-validation-folds';
import type { ArtifactRef } from '../lib/core/artifact-ref';
import { putArtifact, putJsonArtifact, readArtifact } from '../lib/artifacts/content-addressed';
import { assertDatasetSize } from '../lib/data/ingest/dataset-size';
import { exploreDataset } from '../lib/data/explore/explore-dataset';
import { loadBuiltinDataset } from '../lib/data/ingest/builtin-datasets';
import { parseDatasetBytes } from '../lib/data/ingest/parse-dataset';
import { gunzipDataset } from '../lib/data/ingest/gunzip-dataset';
import { rowsFromLabelFolders, type LabelFolderFile } from '../lib/data/ingest/label-folders';
import type { RawRow } from '../lib/data/ingest/raw-row';
import { curateDatasetSteps } from '../lib/data/curate-dataset';
import { runStepsAsync } from '../lib/core/progress';
import { assertEmbeddingDimsMatch } from '../lib/models/classifier/embedding-width-check';
import { readPretrainedVectors } from './configured-uri';
import { augmentWithProviders as augment } from '../lib/data/augment/augment-with-providers';
import { mapFailures } from './failures';

/**
 * What curateDataset returns beyond the CurateDatasetOutput contract (optional,
 * so older workflow code ignores it): the curation report artifact (dropped
 * near-duplicate pairs with similarity, label-quality flags, class balance)
 * the exploration artifact, and class weights for training when
 * `curation.balance.method` is 'class-weights'.
 */
export interface CurationExtras {
  curationReport?: ArtifactRef;
  /** Exploration of the curated train split (frequency and n-gram tables, length histograms, word-cloud SVG, NMF topics). */
  exploration?: ArtifactRef;
  classWeights?: Record<string, number>;
}

/**
 * Reads the configured dataset source into raw rows (validation happens in
 * curation). The file's size is checked against dataset.maxFileBytes BEFORE
 * it is read (S3 HEAD / stat), so a huge file is refused, not loaded.
 */
async function readSource(deps: ActivityDeps, dataset: ExperimentConfig['dataset']): Promise<RawRow[]> {
  const { source } = dataset;
  if (source.kind === 'builtin') return loadBuiltinDataset(source.name);
  if (source.format === 'label-folders')
    return rowsFromLabelFolders(await readLabelFolder(deps, source.uri, dataset.maxFileBytes));
  let bytes: Uint8Array;
  if (source.uri.startsWith('file://')) {
    if (!deps.allowFileSources) {
      throw new ArtifactAccessError(
        `dataset.source.uri ${source.uri}: file:// sources are disabled on this worker; upload the file to the artifact store and use its s3:// URI`,
      );
    }
    const file = fileURLToPath(source.uri);
    assertDatasetSize((await stat(file)).size, dataset.maxFileBytes, source.uri);
    bytes = await readFile(file);
  } else {
    bytes = await readDatasetObject(deps, source.uri, dataset.maxFileBytes);
  }
  assertDatasetSize(bytes.byteLength, dataset.maxFileBytes, source.uri);
  return parseDatasetBytes(gunzipDataset(bytes, dataset.maxFileBytes, source.uri), source);
}

/**
 * Reads an `s3://` dataset from the worker's store. Errors name the config
 * field and the fix: a URI outside the store (another bucket or prefix, `..`
 * segments) is an ArtifactAccessError, a missing object ArtifactNotFoundError;
 * both non-retryable, so a typo fails once instead of retrying for minutes.
 */
/**
 * Every file under a dataset folder (an s3:// prefix in the worker's store, or a
 * file:// directory where allowed), with paths relative to it. The total size
 * is capped by dataset.maxFileBytes like a single dataset file.
 */
async function readLabelFolder(deps: ActivityDeps, uri: string, maxBytes: number): Promise<LabelFolderFile[]> {
  const files: LabelFolderFile[] = [];
  let total = 0;
  const add = (path: string, bytes: Uint8Array) => {
    total += bytes.byteLength;
    assertDatasetSize(total, maxBytes, uri);
    files.push({ path, bytes });
  };
  if (uri.startsWith('file://')) {
    if (!deps.allowFileSources) {
      throw new ArtifactAccessError(
        `dataset.source.uri ${uri}: file:// sources are disabled on this worker; upload the folder to the artifact store and use its s3:// URI`,
      );
    }
    const root = fileURLToPath(uri);
    const entries = await readdir(root, { recursive: true, withFileTypes: true });
    for (const entry of entries.filter((e) => e.isFile())) {
      const full = join(entry.parentPath, entry.name);
      add(relative(root, full).split(sep).join('/'), await readFile(full));
    }
    return files;
  }
  let prefix: string;
  try {
    prefix = deps.store.keyFor(uri.endsWith('/') ? uri.slice(0, -1) : uri);
  } catch (err) {
    if (!(err instanceof ArtifactAccessError)) throw err;
    throw new ArtifactAccessError(`dataset.source.uri ${uri} is not readable by this worker: ${err.message}`, { uri });
  }
  // list() matches key prefixes as strings: keep only keys inside the folder (not `<prefix>-other/...`).
  const keys = (await deps.store.list(prefix)).filter((key) => key.startsWith(`${prefix}/`));
  for (const key of keys) add(key.slice(prefix.length + 1), await deps.store.get(key));
  return files;
}

async function readDatasetObject(deps: ActivityDeps, uri: string, maxFileBytes: number): Promise<Uint8Array> {
  const storeRoot = deps.store.uriFor('x').slice(0, -1);
  let key: string;
  try {
    key = deps.store.keyFor(uri);
  } catch (err) {
    if (!(err instanceof ArtifactAccessError)) throw err;
    throw new ArtifactAccessError(
      `dataset.source.uri ${uri} is not readable by this worker: ${err.message}. Upload the file under ${storeRoot} and use that URI.`,
      { uri },
    );
  }
  const head = await deps.store.head(key);
  if (head) assertDatasetSize(head.bytes, maxFileBytes, uri);
  try {
    return await deps.store.get(key);
  } catch (err) {
    if (!(err instanceof ArtifactNotFoundError)) throw err;
    throw new ArtifactNotFoundError(
      `dataset.source.uri ${uri} does not exist; upload the dataset there first or fix the URI.`,
      { uri },
    );
  }
}

/** The running activity's context; undefined when the function is called directly (the bad-input corpus does). */
function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}

/**
 * Creates the curation activities: curateDataset (validate -> clean -> dedup
 * -> split -> train-only stages, per config; writes the splits, the
 * quarantine and a curation report) and augmentTrainSet (every augmentation
 * op, paraphrase commands included, on train only).
 */
export function createCurationActivities(deps: ActivityDeps) {
  return {
    curateDataset: mapFailures(
      async ({ runPrefix, config }: CurateDatasetInput): Promise<CurateDatasetOutput & CurationExtras> => {
        // Fail before curating when no trial could use the pretrained vectors (each trial would reject them).
        const vectorsUri = config.model.pretrainedVectors;
        if (vectorsUri)
          assertEmbeddingDimsMatch(
            familySpace(config, 'text-classifier'),
            (await readPretrainedVectors(deps, vectorsUri)).dim,
            vectorsUri,
          );
        const raw = await readSource(deps, config.dataset);
        // Stage by stage, heartbeating between stages (a big dataset's near-dedup alone can take minutes).
        const ctx = activityContext();
        const result = await runStepsAsync(
          curateDatasetSteps(raw, { dataset: config.dataset, curation: config.curation }, config.seed),
          {
            onProgress: (detail) => {
              if (ctx?.cancellationSignal.aborted)
                throw ctx.cancellationSignal.reason ?? new Error('curation cancelled');
              ctx?.heartbeat(detail);
            },
          },
        );
        const put = (rows: typeof result.splits.train) =>
          putArtifact(deps.store, { runPrefix, kind: 'dataset', body: examplesToJsonl(rows), ext: 'jsonl' });
        const [train, val, test] = await Promise.all([
          put(result.splits.train),
          put(result.splits.val),
          put(result.splits.test),
        ]);
        const quarantine = result.quarantined.length
          ? await putArtifact(deps.store, {
              runPrefix,
              kind: 'quarantine',
              body: new TextEncoder().encode(result.quarantined.map((r) => JSON.stringify(r)).join('\n') + '\n'),
              ext: 'jsonl',
            })
          : undefined;
        const curationReport = await putJsonArtifact(deps.store, {
          runPrefix,
          kind: 'report',
          value: {
            reports: result.reports,
            ...result.details,
            ...(result.classWeights ? { classWeights: result.classWeights } : {}),
          },
        });
        const exploration = await putJsonArtifact(deps.store, {
          runPrefix,
          kind: 'report',
          value: exploreDataset(result.splits.train, { seed: config.seed }),
        });
        return {
          train,
          val,
          test,
          labels: result.labels,
          quarantine,
          quarantinedRows: result.quarantined.length,
          reports: result.reports,
          curationReport,
          exploration,
          ...(result.classWeights ? { classWeights: result.classWeights } : {}),
        };
      },
    ),

    prepareFolds: mapFailures(
      async ({ runPrefix, config, train, val }: PrepareFoldsInput): Promise<PrepareFoldsOutput> => {
        const cv = config.search.crossValidation;
        if (!cv) throw new ConfigError('prepareFolds needs search.crossValidation in the config');
        const rows = [
          ...examplesFromJsonl(await readArtifact(deps.store, train)),
          ...examplesFromJsonl(await readArtifact(deps.store, val)),
        ];
        const folds = crossValidationFolds(rows, cv.folds, config.seed, cv.groupBy);
        const put = (examples: typeof rows) =>
          putArtifact(deps.store, { runPrefix, kind: 'dataset', body: examplesToJsonl(examples), ext: 'jsonl' });
        const refs = [];
        for (const [i, fold] of folds.entries()) {
          // Each fold's training part is augmented like the main train split (never its validation part).
          const augmented = await augment(fold.train, config.augmentation, config.seed + i);
          refs.push({ train: await put(augmented.rows), val: await put(fold.val) });
        }
        return { folds: refs, foldSizes: folds.map((f) => f.val.length) };
      },
    ),

    augmentTrainSet: mapFailures(async ({ runPrefix, train, config }: AugmentInput): Promise<AugmentOutput> => {
      const rows = examplesFromJsonl(await readArtifact(deps.store, train));
      const result = await augment(rows, config.augmentation, config.seed);
      const ref = await putArtifact(deps.store, {
        runPrefix,
        kind: 'dataset',
        body: examplesToJsonl(result.rows),
        ext: 'jsonl',
      });
      return { train: ref, report: result.report };
    }),
  };
}
