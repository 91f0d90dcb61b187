import type { ActivityDeps } from './deps';
import { ArtifactAccessError, ArtifactNotFoundError } from '../lib/core/errors';
import { decodeVectors, type PretrainedVectors } from '../lib/models/tokenizers/pretrained-vectors-format';

/**
 * Reads the object a config field names by s3:// URI (`field` e.g.
 * 'model.initFrom') from the worker's store. A URI outside the store or a
 * missing object fails non-retryably, naming the field and `fix`.
 */
export async function readConfiguredUri(
  deps: ActivityDeps,
  field: string,
  uri: string,
  fix: string,
): Promise<Uint8Array> {
  let key: string;
  try {
    key = deps.store.keyFor(uri);
  } catch (err) {
    if (!(err instanceof ArtifactAccessError)) throw err;
    throw new ArtifactAccessError(`${field} ${uri} is not readable by this worker: ${err.message}; ${fix}`, {
      uri,
      field,
    });
  }
  try {
    return await deps.store.get(key);
  } catch (err) {
    if (!(err instanceof ArtifactNotFoundError)) throw err;
    throw new ArtifactNotFoundError(`${field} ${uri} does not exist; ${fix}`, { uri, field });
  }
}

/** Loads `model.pretrainedVectors` (an s3:// URI of a scripts/trim-glove.ts artifact). */
export async function readPretrainedVectors(deps: ActivityDeps, uri: string): Promise<PretrainedVectors> {
  const fix = 'upload it with `npx tsx scripts/trim-glove.ts --upload` and use the URI it prints';
  return decodeVectors(await readConfiguredUri(deps, 'model.pretrainedVectors', uri, fix));
}
